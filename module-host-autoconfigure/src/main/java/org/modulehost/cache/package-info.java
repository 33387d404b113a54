/**
 * Cached functions: Caffeine caches per {@code @Cached} method, their keys, meters and
 * invalidation between instances.
 */
@NullMarked
package org.modulehost.cache;

import org.jspecify.annotations.NullMarked;

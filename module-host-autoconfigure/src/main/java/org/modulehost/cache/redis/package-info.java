/**
 * Cache invalidations between instances over Redis publish/subscribe; active only with Redis
 * on the class path and {@code modulehost.caches.invalidation.redis.enabled}.
 */
@NullMarked
package org.modulehost.cache.redis;

import org.jspecify.annotations.NullMarked;

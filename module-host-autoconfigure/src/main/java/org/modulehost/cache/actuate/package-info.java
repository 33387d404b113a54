/**
 * The {@code modulecaches} actuator endpoint, and its write operations behind the admin token.
 */
@NullMarked
package org.modulehost.cache.actuate;

import org.jspecify.annotations.NullMarked;

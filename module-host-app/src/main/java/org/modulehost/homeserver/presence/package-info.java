/**
 * Presence: users' online, unavailable and offline states and status messages, their idle and
 * offline timeouts, the {@code presence} section of {@code /sync} and the presence router
 * callbacks.
 */
@NullMarked
package org.modulehost.homeserver.presence;

import org.jspecify.annotations.NullMarked;

/**
 * The actuator view of background updates.
 */
@NullMarked
package org.modulehost.homeserver.background.actuate;

import org.jspecify.annotations.NullMarked;

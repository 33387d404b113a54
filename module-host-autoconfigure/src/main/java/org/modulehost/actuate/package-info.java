/**
 * The {@code modules} actuator endpoint and health indicator; active only with the actuator on
 * the class path.
 */
@NullMarked
package org.modulehost.actuate;

import org.jspecify.annotations.NullMarked;

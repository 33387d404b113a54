/**
 * The reference homeserver's wiring: its settings, its auto-configuration, and the
 * {@code HomeserverModuleApi} each module receives.
 */
@NullMarked
package org.modulehost.homeserver;

import org.jspecify.annotations.NullMarked;

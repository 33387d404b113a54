/**
 * Small helpers shared by the homeserver's packages: waiting on modules' futures, calling
 * callbacks, Matrix identifiers.
 */
@NullMarked
package org.modulehost.homeserver.support;

import org.jspecify.annotations.NullMarked;

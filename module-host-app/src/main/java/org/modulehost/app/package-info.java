/**
 * The reference homeserver's executable: its main class, and the drop-in module directories the
 * executable jar puts on the class path.
 */
@NullMarked
package org.modulehost.app;

import org.jspecify.annotations.NullMarked;

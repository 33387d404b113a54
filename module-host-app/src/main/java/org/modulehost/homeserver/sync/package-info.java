/**
 * {@code /sync}: long-polling for new events, woken on this instance and by other instances.
 */
@NullMarked
package org.modulehost.homeserver.sync;

import org.jspecify.annotations.NullMarked;

/**
 * The ephemeral events of rooms: typing notifications, read receipts and read markers, and the
 * unread notification counts that receipts clear.
 */
@NullMarked
package org.modulehost.homeserver.receipts;

import org.jspecify.annotations.NullMarked;

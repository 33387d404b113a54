/**
 * Rooms: creation, events and their authorisation, memberships, power levels, redactions,
 * aliases and the rate limiter, with the spam-checker and third-party-rules callbacks at
 * Synapse's call sites.
 */
@NullMarked
package org.modulehost.homeserver.rooms;

import org.jspecify.annotations.NullMarked;

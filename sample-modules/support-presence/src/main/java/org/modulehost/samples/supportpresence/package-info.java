/**
 * The {@code support-presence} sample: a presence router through which a configured support
 * team sees the presence of every user, whether or not they share a room.
 */
@NullMarked
package org.modulehost.samples.supportpresence;

import org.jspecify.annotations.NullMarked;

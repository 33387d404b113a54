/**
 * The {@code auto-accept-invite} sample: invited local users join automatically, optionally only
 * for direct messages or invites from local users; a port of
 * {@code matrix-org/synapse-auto-accept-invite}.
 */
@NullMarked
package org.modulehost.samples.autoacceptinvite;

import org.jspecify.annotations.NullMarked;

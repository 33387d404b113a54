/**
 * The {@code user-restrictions} sample: regular-expression rules on user IDs that allow or deny
 * inviting users and creating rooms, a port of {@code matrix-org/synapse-user-restrictions}.
 */
@NullMarked
package org.modulehost.samples.userrestrictions;

import org.jspecify.annotations.NullMarked;

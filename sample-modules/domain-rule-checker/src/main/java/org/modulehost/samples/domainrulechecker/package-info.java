/**
 * The {@code domain-rule-checker} sample: which servers' users may invite which, invites only in
 * new rooms, joins only by invite; a port of {@code matrix-org/synapse-domain-rule-checker}.
 */
@NullMarked
package org.modulehost.samples.domainrulechecker;

import org.jspecify.annotations.NullMarked;

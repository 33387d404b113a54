package org.modulehost.samples.autoacceptinvite;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration of {@link InviteAutoAccepter}, bound by the host from the module's
 * {@code config:} mapping (keys in snake case as in Synapse, e.g.
 * {@code accept_invites_only_for_direct_messages}).
 *
 * @param acceptInvitesOnlyForDirectMessages accept only invites whose membership event says
 * {@code is_direct: true}
 * @param acceptInvitesOnlyFromLocalUsers accept only invites sent by users of this server
 * @param workerToRunOn the instance ({@code modulehost.instance.name}) that accepts invites;
 * unset: the instance that runs background tasks
 * @param joinAttempts how often to try to join before giving up (not in the Synapse module,
 * which tries 5 times)
 * @param joinRetryDelay the wait before the second attempt, doubled before each further one
 * (not in the Synapse module, which waits 1 second)
 */
public record AutoAcceptInviteConfig(boolean acceptInvitesOnlyForDirectMessages,
		boolean acceptInvitesOnlyFromLocalUsers, @Nullable String workerToRunOn,
		@DefaultValue("5") @Min(1) int joinAttempts, @DefaultValue("1s") Duration joinRetryDelay) {

}

package org.modulehost.samples.autoacceptinvite;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.api.ConfigError;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * Joins invited local users to the room they are invited to, as if they had accepted the invite;
 * a port of Synapse's {@code synapse_auto_accept_invite.InviteAutoAccepter}.
 *
 * <p>On each new event ({@code onNewEvent}) that invites a local user, and passes the filters
 * ({@code accept_invites_only_for_direct_messages}, {@code accept_invites_only_from_local_users}),
 * the module joins the invitee with {@code updateRoomMembership}, in the background: a failed
 * attempt is retried after {@code join_retry_delay}, doubled each time, up to
 * {@code join_attempts} attempts. When the invite says {@code is_direct: true}, the room is also
 * added to the invitee's {@code m.direct} account data under the inviter, before the callback
 * returns.
 *
 * <p>Only one instance should accept invites: the one named by {@code worker_to_run_on}
 * (compared with {@code modulehost.instance.name}), or, when that is not set, the instance that
 * runs background tasks. On the others the module registers nothing.
 */
public class InviteAutoAccepter implements ThirdPartyRulesCallbacks {

	private static final Log logger = LogFactory.getLog(InviteAutoAccepter.class);

	private final AutoAcceptInviteConfig config;

	private final HomeserverModuleApi api;

	private final DirectMessages directMessages;

	/**
	 * Registers {@code onNewEvent} on the instance that accepts invites.
	 * @param config the bound configuration
	 * @param api the homeserver
	 * @throws ConfigError if {@code join_retry_delay} is negative
	 */
	public InviteAutoAccepter(AutoAcceptInviteConfig config, HomeserverModuleApi api) {
		if (config.joinRetryDelay().isNegative()) {
			throw new ConfigError("must not be negative", List.of("join_retry_delay"));
		}
		this.config = config;
		this.api = api;
		this.directMessages = new DirectMessages(api.accountDataManager());
		String worker = config.workerToRunOn();
		boolean here = (worker != null) ? worker.equals(api.instanceName()) : api.shouldRunBackgroundTasks();
		if (!here) {
			logger.info("Not accepting invites on instance '" + api.instanceName() + "'; "
					+ ((worker != null) ? "worker_to_run_on is '" + worker + "'"
							: "they are accepted where background tasks run"));
			return;
		}
		logger.info("Accepting invites on instance '" + api.instanceName() + "'");
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Override
	public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		if (!isInviteOfLocalUser(event)) {
			return CompletableFuture.completedFuture(null);
		}
		boolean direct = Boolean.TRUE.equals(event.content().get("is_direct"));
		if (this.config.acceptInvitesOnlyForDirectMessages() && !direct) {
			return CompletableFuture.completedFuture(null);
		}
		if (this.config.acceptInvitesOnlyFromLocalUsers() && !this.api.isMine(event.sender())) {
			return CompletableFuture.completedFuture(null);
		}
		String invitee = event.stateKey();
		// not awaited, as in Synapse: the homeserver waits for onNewEvent before /sync sees the invite
		join(invitee, event.roomId(), 1, this.config.joinRetryDelay());
		return direct ? this.directMessages.mark(invitee, event.sender(), event.roomId())
				: CompletableFuture.completedFuture(null);
	}

	private boolean isInviteOfLocalUser(Event event) {
		return "m.room.member".equals(event.type()) && event.stateKey() != null
				&& "invite".equals(event.content().get("membership")) && this.api.isMine(event.stateKey());
	}

	/**
	 * Tries to join, off the calling thread; on failure waits and tries again until the attempts
	 * are used up.
	 */
	private CompletionStage<Void> join(String userId, String roomId, int attempt, Duration nextDelay) {
		return this.api.deferToThread(() -> this.api.updateRoomMembership(userId, userId, roomId, "join", Map.of()))
			.thenCompose((membership) -> membership)
			.handle((joined, failed) -> {
				if (failed == null) {
					logger.debug("Accepted the invite of " + userId + " to " + roomId);
					return CompletableFuture.<Void>completedFuture(null);
				}
				Throwable failure = (failed instanceof CompletionException && failed.getCause() != null)
						? failed.getCause() : failed;
				if (attempt >= this.config.joinAttempts()) {
					logger.warn("Gave up accepting the invite of " + userId + " to " + roomId + " after " + attempt
							+ " attempts: " + failure);
					return CompletableFuture.<Void>completedFuture(null);
				}
				logger.info("Accepting the invite of " + userId + " to " + roomId + " failed (" + failure
						+ "); trying again in " + nextDelay.toMillis() + " ms");
				return this.api.sleep(nextDelay)
					.thenCompose((slept) -> join(userId, roomId, attempt + 1, nextDelay.multipliedBy(2)));
			})
			.thenCompose((next) -> next);
	}

}

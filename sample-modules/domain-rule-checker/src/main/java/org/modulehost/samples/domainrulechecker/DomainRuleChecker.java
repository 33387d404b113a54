package org.modulehost.samples.domainrulechecker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;

/**
 * Decides invites by the servers of the inviter and the invitee, and may restrict joins to
 * invited users; a port of Synapse's {@code synapse_domain_rule_checker.DomainRuleChecker}.
 *
 * <p>An invite ({@code userMayInvite}) is refused when any of these holds (checked in this
 * order, the cheap ones first):
 * <ol>
 * <li>the inviter's server is in {@code domain_mapping} and the invitee's server is not in its
 * list, or the inviter's server is not in {@code domain_mapping} and
 * {@code can_invite_if_not_in_domain_mapping} is false;</li>
 * <li>{@code can_only_invite_during_room_creation} is set, the inviter is a local user and the
 * room does not look new: some member other than the creator has a membership the creator did
 * not send and that is not an invite (read from the room's state);</li>
 * <li>the invitee's server is in
 * {@code domains_prevented_from_being_invited_to_published_rooms} and the room is published in
 * the room directory.</li>
 * </ol>
 * A join ({@code userMayJoinRoom}) is refused when {@code can_only_join_rooms_with_invite} is set
 * and the user is not invited. Refusals answer the client 403 {@code M_FORBIDDEN}. A user's
 * server is the part of the user ID after the first colon. Server administrators are not checked.
 */
public class DomainRuleChecker implements SpamCheckerCallbacks {

	private static final String CREATE = "m.room.create";

	private static final String MEMBER = "m.room.member";

	private final DomainRuleCheckerConfig config;

	private final HomeserverModuleApi api;

	private final RoomDirectory directory;

	/**
	 * Registers the module's spam checks.
	 * @param config the parsed configuration
	 * @param api the homeserver
	 */
	public DomainRuleChecker(DomainRuleCheckerConfig config, HomeserverModuleApi api) {
		this.config = config;
		this.api = api;
		this.directory = new RoomDirectory(api);
		api.registerSpamCheckerCallbacks(this);
	}

	/**
	 * Reads the configuration.
	 * @param config the module's {@code config:} mapping
	 * @return the configuration
	 * @throws org.modulehost.api.ConfigError naming the place of the first wrong value, e.g. a
	 * missing {@code can_invite_if_not_in_domain_mapping}
	 */
	public static DomainRuleCheckerConfig parseConfig(Map<String, Object> config) {
		return DomainRuleCheckerConfig.parse(config);
	}

	@Override
	public CompletionStage<SpamCheck> userMayInvite(String inviter, String invitee, String roomId) {
		String inviterDomain = domainOf(inviter);
		String inviteeDomain = domainOf(invitee);
		if (!mappingAllows(inviterDomain, inviteeDomain)) {
			return CompletableFuture.completedFuture(verdict(false));
		}
		CompletionStage<Boolean> roomAllows = (this.config.canOnlyInviteDuringRoomCreation()
				&& inviterDomain.equals(this.api.serverName()))
						? this.api.getRoomState(roomId).thenApply(DomainRuleChecker::looksNew) : completed(true);
		return roomAllows
			.thenCompose((allowed) -> allowed ? publicationAllows(inviteeDomain, roomId) : completed(false))
			.thenApply(DomainRuleChecker::verdict);
	}

	@Override
	public CompletionStage<SpamCheck> userMayJoinRoom(String userId, String roomId, boolean isInvited) {
		return CompletableFuture.completedFuture(
				verdict(!this.config.canOnlyJoinRoomsWithInvite() || isInvited));
	}

	private CompletionStage<Boolean> publicationAllows(String inviteeDomain, String roomId) {
		if (!this.config.domainsPreventedFromBeingInvitedToPublishedRooms().contains(inviteeDomain)) {
			return completed(true);
		}
		return this.directory.isPublished(roomId).thenApply((published) -> !published);
	}

	private boolean mappingAllows(String inviterDomain, String inviteeDomain) {
		Set<String> invitees = this.config.domainMapping().get(inviterDomain);
		return (invitees != null) ? invitees.contains(inviteeDomain) : this.config.canInviteIfNotInDomainMapping();
	}

	/**
	 * Tells whether a room looks new: every membership other than the creator's was sent by the
	 * creator or is an invite. A room without a create event (not known here) does not.
	 */
	static boolean looksNew(Map<StateKey, Event> state) {
		Event create = state.get(new StateKey(CREATE, ""));
		if (create == null) {
			return false;
		}
		String creator = create.sender();
		for (Map.Entry<StateKey, Event> entry : state.entrySet()) {
			if (!MEMBER.equals(entry.getKey().type()) || creator.equals(entry.getKey().stateKey())) {
				continue;
			}
			Event member = entry.getValue();
			if (!creator.equals(member.sender()) && !"invite".equals(member.content().get("membership"))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns the server of a user ID: everything after the first colon.
	 * @throws IllegalArgumentException for a string without a colon
	 */
	static String domainOf(String userId) {
		int colon = userId.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("Invalid user ID, no server name: " + userId);
		}
		return userId.substring(colon + 1);
	}

	private static SpamCheck verdict(boolean allowed) {
		return allowed ? SpamCheck.NOT_SPAM : SpamCheck.deny(Codes.FORBIDDEN);
	}

	private static CompletionStage<Boolean> completed(boolean value) {
		return CompletableFuture.completedFuture(value);
	}

}

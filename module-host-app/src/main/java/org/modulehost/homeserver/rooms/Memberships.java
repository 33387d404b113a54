package org.modulehost.homeserver.rooms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.EventWriter.PendingEvent;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;

/**
 * Changes memberships, as Synapse's {@code update_membership}: joins ({@code userMayJoinRoom}
 * unless the user is an administrator), invites (local users only, the invite rate limit, the
 * shadow-ban, {@code userMayInvite} unless the inviter is an administrator), leaves, kicks and
 * bans, each against the authorisation rules, then {@code checkEventAllowed}. This is the one
 * path of every membership change: the client endpoints, {@code /state/m.room.member},
 * {@code /createRoom}'s {@code invite} and {@code initial_state}, and modules.
 * A client's join to a room the user is not in yet counts against the join rate limit
 * ({@code rc_joins.local}); a client's invite against the invite limits per room, per user and
 * per issuer ({@code rc_invites.per_room}, {@code .per_user}, {@code .per_issuer}). Nobody joins,
 * is invited to or knocks at a room an administrator blocked (403).
 */
public final class Memberships {

	private final RoomEvents events;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Ratelimiter invites;

	private final Ratelimiter joins;

	private final Predicate<String> blockedRooms;

	private final Ratelimiter invitesPerRoom;

	private final Ratelimiter invitesPerIssuer;

	Memberships(RoomEvents events, Accounts accounts, Callbacks callbacks, Ratelimiter invites, Ratelimiter joins,
			Predicate<String> blockedRooms, Ratelimiter invitesPerRoom, Ratelimiter invitesPerIssuer) {
		this.blockedRooms = blockedRooms;
		this.invitesPerRoom = invitesPerRoom;
		this.invitesPerIssuer = invitesPerIssuer;
		this.events = events;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.invites = invites;
		this.joins = joins;
	}

	/**
	 * Changes a membership.
	 * @param request the change
	 * @return the stored membership event, or {@code null} when a shadow-banned user's invite
	 * was dropped
	 * @throws MatrixError when the change is refused
	 */
	public @Nullable StoredEvent update(MembershipRequest request) {
		String roomId = request.roomId();
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		if (!Identifiers.isValidUserId(request.target())) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid user ID: " + request.target());
		}
		if (this.events.rooms().room(roomId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
		}
		Map<StateKey, Event> state = this.events.states().currentState(roomId);
		Event current = state.get(new StateKey(RoomEvents.MEMBER, request.target()));
		if ("join".equals(request.membership()) && current != null
				&& "join".equals(current.content().get("membership"))
				&& Objects.equals(current.content(), content(request))) {
			return this.events.reader().event(current.eventId()).orElseThrow();
		}
		Event event = prepare(request, state);
		if (event == null) {
			return null;
		}
		List<StoredEvent> stored = this.events.persist(null, List.of(new PendingEvent(event, null, null)));
		return stored.get(0);
	}

	/**
	 * Runs every check of a membership change against the room's state and builds its event:
	 * the authorisation rules; for a join {@code userMayJoinRoom} (not for administrators); for
	 * an invite the local-user checks, the invite rate limit, the shadow-ban and
	 * {@code userMayInvite} (not for administrators); then {@code checkEventAllowed}. Every
	 * membership change goes through here, also those {@code /createRoom} makes.
	 * @param request the change
	 * @param state the room's state before it
	 * @return the event to store, or {@code null} when a shadow-banned user's invite is dropped
	 * @throws MatrixError when the change is refused
	 */
	@Nullable Event prepare(MembershipRequest request, Map<StateKey, Event> state) {
		String roomId = request.roomId();
		if (!Identifiers.isValidUserId(request.target())) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid user ID: " + request.target());
		}
		String membership = request.membership();
		String targetMembership = EventAuth.membership(state, request.target());
		checkAction(request.action(), targetMembership);
		if (request.ratelimit() && "join".equals(membership) && !"join".equals(targetMembership)) {
			// Synapse limits joins to rooms the user is not in yet, so profile updates pass.
			this.joins.check(request.sender());
		}
		Map<String, Object> content = content(request);
		EventAuth.check(new Event("$draft", roomId, request.sender(), RoomEvents.MEMBER, request.target(), content, 0,
				Map.of()), state);
		boolean senderIsAdmin = this.accounts.isAdmin(request.sender());
		if (!"leave".equals(membership) && !"ban".equals(membership) && this.blockedRooms.test(roomId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "This room has been blocked on this server");
		}
		if ("join".equals(membership) && !senderIsAdmin) {
			SpamCheck spam = Await.callback(this.callbacks.spamChecker()
				.userMayJoinRoom(request.target(), roomId, "invite".equals(targetMembership)), "userMayJoinRoom");
			deny(spam, "Not allowed to join this room");
		}
		if ("invite".equals(membership)) {
			if (!this.accounts.isMine(request.target())) {
				throw new MatrixError(403, Codes.FORBIDDEN,
						"Cannot invite " + request.target() + ": this server does not federate");
			}
			if (this.accounts.user(request.target()).filter((user) -> !user.deactivated()).isEmpty()) {
				throw new MatrixError(404, Codes.NOT_FOUND, "Unknown user " + request.target());
			}
			if (request.ratelimit()) {
				// As Synapse's ratelimit_invite: per room, per user, per issuer; modules are asked
				// for the sender's rate of each.
				this.invitesPerRoom.check(roomId, request.sender());
				this.invites.check(request.sender());
				this.invitesPerIssuer.check(request.sender());
			}
			if (request.fromClient() && this.accounts.isShadowBanned(request.sender())) {
				return null;
			}
			if (!senderIsAdmin) {
				SpamCheck spam = Await.callback(
						this.callbacks.spamChecker().userMayInvite(request.sender(), request.target(), roomId),
						"userMayInvite");
				deny(spam, "Invites have been disabled on this server");
			}
		}
		return this.events.build(roomId, request.sender(), RoomEvents.MEMBER, request.target(), content, state);
	}

	/**
	 * What the endpoint means, beyond the membership it sets, as Synapse's
	 * {@code update_membership_locked}: {@code /unban} only lifts a ban, {@code /kick} only
	 * removes who is in the room, and a banned user is only unbanned or banned again.
	 */
	private static void checkAction(String action, @Nullable String targetMembership) {
		if ("unban".equals(action) && !"ban".equals(targetMembership)) {
			throw new MatrixError(403, Codes.BAD_STATE,
					"Cannot unban user who was not banned (membership=" + targetMembership + ")");
		}
		if ("ban".equals(targetMembership) && !List.of("ban", "unban", "leave").contains(action)) {
			throw new MatrixError(403, Codes.BAD_STATE, "Cannot " + action + " user who was banned");
		}
		if ("kick".equals(action) && !"join".equals(targetMembership) && !"invite".equals(targetMembership)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "The target user is not in the room");
		}
	}

	/**
	 * Refuses, before a room is created, more invites than the sender's invite rate limit has
	 * room for, as Synapse's {@code create_room} does; nothing is taken from the limit.
	 * @param sender who invites
	 * @param count how many invites the request makes
	 * @throws MatrixError 400 when the limit has no room for them
	 */
	void checkInviteCapacity(String sender, int count) {
		if (count > 0 && !this.invites.allows(sender, count)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Cannot invite so many users at once");
		}
	}

	private Map<String, Object> content(MembershipRequest request) {
		Map<String, Object> content = new LinkedHashMap<>(request.content());
		content.put("membership", request.membership());
		if (request.reason() != null) {
			content.put("reason", request.reason());
		}
		if (("join".equals(request.membership()) || "invite".equals(request.membership()))
				&& this.accounts.isMine(request.target())) {
			UserRecord user = this.accounts.user(request.target()).orElse(null);
			if (user != null) {
				if (user.displayName() != null) {
					content.putIfAbsent("displayname", user.displayName());
				}
				if (user.avatarUrl() != null) {
					content.putIfAbsent("avatar_url", user.avatarUrl());
				}
			}
		}
		return content;
	}

	static void deny(@Nullable SpamCheck spam, String message) {
		if (spam != null && !spam.isNotSpam()) {
			throw new MatrixError(403, spam.errcode(), message, spam.additionalFields());
		}
	}

	/**
	 * A membership change.
	 *
	 * @param sender who makes the change
	 * @param target whose membership changes
	 * @param roomId the room
	 * @param membership {@code invite}, {@code join}, {@code leave} or {@code ban}
	 * @param content extra content of the membership event
	 * @param reason the reason, or {@code null}
	 * @param ratelimit whether the invite and join rate limits apply
	 * @param fromClient whether a client asked (shadow-bans apply) rather than a module
	 * @param action what was asked: the membership, or {@code kick} or {@code unban} (both set
	 * {@code leave})
	 */
	public record MembershipRequest(String sender, String target, String roomId, String membership,
			Map<String, Object> content, @Nullable String reason, boolean ratelimit, boolean fromClient,
			String action) {

		/**
		 * A change whose action is the membership it sets.
		 * @param sender who makes the change
		 * @param target whose membership changes
		 * @param roomId the room
		 * @param membership {@code invite}, {@code join}, {@code leave} or {@code ban}
		 * @param content extra content of the membership event
		 * @param reason the reason, or {@code null}
		 * @param ratelimit whether the invite rate limit applies
		 * @param fromClient whether a client asked (shadow-bans apply) rather than a module
		 */
		public MembershipRequest(String sender, String target, String roomId, String membership,
				Map<String, Object> content, @Nullable String reason, boolean ratelimit, boolean fromClient) {
			this(sender, target, roomId, membership, content, reason, ratelimit, fromClient, membership);
		}

	}

}

package org.modulehost.homeserver.rooms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.EventStore.PendingEvent;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;

/**
 * Changes memberships, as Synapse's {@code update_membership}: joins ({@code userMayJoinRoom}
 * unless the user is an administrator), invites ({@code userMayInvite} unless the inviter is an
 * administrator, the invite rate limit), leaves, kicks and bans, then {@code checkEventAllowed}
 * and the authorisation rules. A client's join to a room the user is not in yet counts against
 * the join rate limit ({@code rc_joins.local}).
 */
public final class Memberships {

	private final RoomEvents events;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Ratelimiter invites;

	private final Ratelimiter joins;

	Memberships(RoomEvents events, Accounts accounts, Callbacks callbacks, Ratelimiter invites, Ratelimiter joins) {
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
		if (this.events.store().room(roomId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
		}
		Map<StateKey, Event> state = this.events.store().currentState(roomId);
		String membership = request.membership();
		String targetMembership = EventAuth.membership(state, request.target());
		if (request.ratelimit() && "join".equals(membership) && !"join".equals(targetMembership)) {
			// Synapse limits joins to rooms the user is not in yet, so profile updates pass.
			this.joins.check(request.sender());
		}
		Map<String, Object> content = content(request);
		Event current = state.get(new StateKey(RoomEvents.MEMBER, request.target()));
		if ("join".equals(membership) && "join".equals(targetMembership) && current != null
				&& Objects.equals(current.content(), content)) {
			return this.events.store().event(current.eventId()).orElseThrow();
		}
		EventAuth.check(new Event("$draft", roomId, request.sender(), RoomEvents.MEMBER, request.target(), content, 0,
				Map.of()), state);
		boolean senderIsAdmin = this.accounts.isAdmin(request.sender());
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
			if (request.fromClient() && this.accounts.isShadowBanned(request.sender())) {
				return null;
			}
			if (!senderIsAdmin) {
				SpamCheck spam = Await.callback(
						this.callbacks.spamChecker().userMayInvite(request.sender(), request.target(), roomId),
						"userMayInvite");
				deny(spam, "Invites have been disabled on this server");
			}
			if (request.ratelimit()) {
				this.invites.check(request.sender());
			}
		}
		Event event = this.events.build(roomId, request.sender(), RoomEvents.MEMBER, request.target(), content, state);
		List<StoredEvent> stored = this.events.persist(null, List.of(new PendingEvent(event, null, null)));
		return stored.get(0);
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
	 */
	public record MembershipRequest(String sender, String target, String roomId, String membership,
			Map<String, Object> content, @Nullable String reason, boolean ratelimit, boolean fromClient) {

	}

}

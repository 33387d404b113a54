package org.modulehost.homeserver.rooms;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.identity.IdentityLookups;
import org.modulehost.homeserver.identity.IdentityServerClient;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;

/**
 * Invites by third-party identifier ({@code POST /rooms/{roomId}/invite} with {@code medium},
 * {@code address}, {@code id_server} and {@code id_access_token}), as Synapse's
 * {@code RoomMemberHandler.do_3pid_invite}: a trusted identity server only (400
 * {@code M_SERVER_NOT_TRUSTED}); a shadow-banned inviter's invite is dropped with a success; the
 * third-party invite rate limit ({@code homeserver.identity-server.invite-ratelimit}); then
 * {@code checkThreepidCanBeInvited} with the room's state ({@code false}: 403
 * {@code M_FORBIDDEN}); the inviter must be joined and have the invite power level (checked here,
 * before the identity server is asked, not only when the event is authorised). Then the identity
 * server is asked whether the address is bound to a Matrix user: if so, that user is invited as
 * by {@code user_id}; if not, {@code userMaySend3pidInvite} is asked (a denial: 403 with the
 * module's errcode), the invite is stored on the identity server ({@code store-invite}, which
 * e-mails the invitee) and an {@code m.room.third_party_invite} state event with the server's
 * token as state key is sent.
 */
final class ThirdPartyInvites {

	static final String TYPE = "m.room.third_party_invite";

	private final RoomEvents events;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Memberships memberships;

	private final EventSender sender;

	private final IdentityServerClient client;

	private final IdentityLookups lookups;

	private final Ratelimiter ratelimiter;

	ThirdPartyInvites(RoomEvents events, Accounts accounts, Callbacks callbacks, Memberships memberships,
			EventSender sender, IdentityServerClient client, IdentityLookups lookups, Ratelimiter ratelimiter) {
		this.events = events;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.memberships = memberships;
		this.sender = sender;
		this.client = client;
		this.lookups = lookups;
		this.ratelimiter = ratelimiter;
	}

	/**
	 * Whether an invite request names a third-party identifier instead of a user, as Synapse's
	 * {@code RoomMembershipRestServlet} decides: both {@code medium} and {@code address} present.
	 * @param content the request body
	 * @return whether it is a third-party invite
	 */
	static boolean isThirdPartyInvite(JsonBody content) {
		return content.has("medium") && content.has("address");
	}

	/**
	 * Invites a third-party identifier.
	 * @param requester the inviter
	 * @param roomId the room
	 * @param content the request body
	 * @throws MatrixError when the invite is refused or the identity server fails
	 */
	void invite(Requester requester, String roomId, JsonBody content) {
		String medium = content.requireString("medium");
		String address = content.requireString("address");
		if (!content.has("id_server") || !content.has("id_access_token")) {
			throw new MatrixError(400, Codes.MISSING_PARAM,
					"`id_server` and `id_access_token` are required when doing 3pid invite");
		}
		String idServer = content.requireString("id_server");
		String idAccessToken = content.requireString("id_access_token");
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + roomId);
		}
		this.client.checkTrusted(idServer);
		if (this.events.rooms().room(roomId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
		}
		String inviter = requester.userId();
		if (this.accounts.isShadowBanned(inviter)) {
			return;
		}
		this.ratelimiter.check(inviter);
		Map<StateKey, Event> state = this.events.states().currentState(roomId);
		Boolean allowed = Await.callback(
				this.callbacks.thirdPartyRules().checkThreepidCanBeInvited(medium, address, state),
				"checkThreepidCanBeInvited");
		if (Boolean.FALSE.equals(allowed)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "This third-party identifier can not be invited in this room");
		}
		EventAuth.check(new Event("$draft", roomId, inviter, TYPE, "draft", Map.of(), 0, Map.of()), state);
		String invitee = this.lookups.lookup(idServer, idAccessToken, medium, address);
		if (invitee != null) {
			this.memberships.update(new Memberships.MembershipRequest(inviter, invitee, roomId, "invite", Map.of(),
					null, true, true, "invite"));
			return;
		}
		SpamCheck spam = Await.callback(
				this.callbacks.spamChecker().userMaySend3pidInvite(inviter, medium, address, roomId),
				"userMaySend3pidInvite");
		Memberships.deny(spam, "Cannot send threepid invite");
		IdentityLookups.StoredInvite stored = this.lookups.storeInvite(idServer, idAccessToken,
				inviteDetails(inviter, roomId, medium, address, state));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("display_name", stored.displayName());
		event.put("public_keys", stored.publicKeys());
		event.put("key_validity_url", stored.fallbackKey().get("key_validity_url"));
		event.put("public_key", stored.fallbackKey().get("public_key"));
		this.sender.send(new EventSender.SendRequest(inviter, roomId, TYPE, stored.token(), event,
				requester.deviceId(), null, false));
	}

	/**
	 * What the identity server is told about the invite, as Synapse's
	 * {@code _make_and_store_3pid_invite}: the address, the room's name, alias, avatar, join
	 * rule and type, and the inviter with their display name and avatar in the room.
	 */
	private static Map<String, @Nullable Object> inviteDetails(String inviter, String roomId, String medium,
			String address, Map<StateKey, Event> state) {
		Map<String, @Nullable Object> invite = new LinkedHashMap<>();
		invite.put("medium", medium);
		invite.put("address", address);
		invite.put("room_id", roomId);
		invite.put("room_alias", field(state, "m.room.canonical_alias", "", "alias"));
		invite.put("room_avatar_url", field(state, "m.room.avatar", "", "url"));
		invite.put("room_join_rules", field(state, "m.room.join_rules", "", "join_rule"));
		invite.put("room_name", field(state, "m.room.name", "", "name"));
		invite.put("room_type", field(state, RoomEvents.CREATE, "", "type"));
		invite.put("sender", inviter);
		invite.put("sender_display_name", field(state, RoomEvents.MEMBER, inviter, "displayname"));
		invite.put("sender_avatar_url", field(state, RoomEvents.MEMBER, inviter, "avatar_url"));
		return invite;
	}

	private static @Nullable Object field(Map<StateKey, Event> state, String type, String stateKey, String name) {
		Event event = state.get(new StateKey(type, stateKey));
		return (event != null && event.content().get(name) instanceof String value) ? value : null;
	}

}

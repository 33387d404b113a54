package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every event, whatever endpoint sends it, passes the same authorisation: redactions, power
 * levels, the create event, and memberships sent as state or in {@code initial_state}.
 */
class EventAuthorisationTests extends WithTestModules {

	@Test
	void aMemberCannotRedactAnothersMessageThroughSend() {
		Room room = publicRoomWithMember();
		String message = room.owner().sendMessage(room.id(), "keep me");
		MatrixClient.Response refused = room.member()
			.send(room.id(), "m.room.redaction", MatrixClient.nextTxn(), Map.of("redacts", message));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(bodyOf(room.owner(), room.id(), message)).isEqualTo("keep me");
	}

	@Test
	void aRedactionThroughSendAnswersAsRedactDoes() {
		Room room = publicRoomWithMember();
		String message = room.owner().sendMessage(room.id(), "keep me");
		MatrixClient.Response throughRedact = room.member()
			.put(room(room.id()) + "/redact/" + MatrixClient.encode(message) + "/" + MatrixClient.nextTxn(), Map.of());
		MatrixClient.Response throughSend = room.member()
			.send(room.id(), "m.room.redaction", MatrixClient.nextTxn(), Map.of("redacts", message));
		assertThat(throughSend.status()).isEqualTo(throughRedact.status()).isEqualTo(403);
		assertThat(throughSend.errcode()).isEqualTo(throughRedact.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response unknown = room.member()
			.send(room.id(), "m.room.redaction", MatrixClient.nextTxn(), Map.of("redacts", "$nothing:localhost"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void aRedactionThroughSendOfOnesOwnMessageRedactsIt() {
		Room room = publicRoomWithMember();
		String message = room.member().sendMessage(room.id(), "regret");
		MatrixClient.Response redacted = room.member()
			.send(room.id(), "m.room.redaction", MatrixClient.nextTxn(), Map.of("redacts", message));
		assertThat(redacted.status()).as(redacted.toString()).isEqualTo(200);
		assertThat(bodyOf(room.owner(), room.id(), message)).isNull();
	}

	@Test
	void aMemberCannotRedactAnothersMessageThroughState() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient member = client().register(MatrixClient.unique("member"));
		String roomId = owner.createRoom(Map.of("preset", "public_chat", "power_level_content_override",
				Map.of("state_default", 0)));
		assertThat(member.join(roomId).status()).isEqualTo(200);
		Room room = new Room(roomId, owner, member);
		String message = room.owner().sendMessage(room.id(), "keep me");
		MatrixClient.Response refused = room.member()
			.put(room(room.id()) + "/state/m.room.redaction/", Map.of("redacts", message));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(bodyOf(room.owner(), room.id(), message)).isEqualTo("keep me");
	}

	@Test
	void aModuleCannotRedactInTheNameOfAMemberWithoutThePower() {
		Room room = publicRoomWithMember();
		String message = room.owner().sendMessage(room.id(), "keep me");
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(api().createAndSendEventIntoRoom(Map.of("type", "m.room.redaction", "room_id",
					room.id(), "sender", room.member().userId(), "content", Map.of("redacts", message)))))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> {
				assertThat(error.httpStatus()).isEqualTo(403);
				assertThat(error.errcode()).isEqualTo("M_FORBIDDEN");
			});
		assertThat(bodyOf(room.owner(), room.id(), message)).isEqualTo("keep me");
	}

	@Test
	void aMemberCannotRaiseTheirOwnPowerLevel() {
		Room room = publicRoomWithMember();
		MatrixClient.Response raised = room.member()
			.put(room(room.id()) + "/state/m.room.power_levels/",
					Map.of("users", Map.of(room.owner().userId(), 100, room.member().userId(), 100)));
		assertThat(raised.status()).as(raised.toString()).isEqualTo(403);
		assertThat(raised.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void aPowerLevelThatIsNotAnIntegerIsRefused() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		String roomId = owner.createRoom(Map.of());
		MatrixClient.Response refused = owner.put(room(roomId) + "/state/m.room.power_levels/",
				Map.of("users", Map.of(owner.userId(), 100), "ban", "50"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response huge = owner.put(room(roomId) + "/state/m.room.power_levels/",
				Map.of("users", Map.of(owner.userId(), 100), "ban", 4_294_967_346L));
		assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
		assertThat(huge.errcode()).isEqualTo("M_BAD_JSON");
	}

	@Test
	void aSecondCreateEventIsRefusedEvenFromTheCreator() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		String roomId = owner.createRoom(Map.of());
		MatrixClient.Response asState = owner.put(room(roomId) + "/state/m.room.create/", Map.of("room_version", "10"));
		assertThat(asState.status()).as(asState.toString()).isEqualTo(403);
		assertThat(asState.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response asMessage = owner.send(roomId, "m.room.create", MatrixClient.nextTxn(), Map.of());
		assertThat(asMessage.status()).as(asMessage.toString()).isEqualTo(403);
		assertThat(asMessage.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void aMemberCannotKickSomeoneThroughState() {
		Room room = publicRoomWithMember();
		MatrixClient.Response kick = room.member()
			.put(room(room.id()) + "/state/m.room.member/" + MatrixClient.encode(room.owner().userId()),
					Map.of("membership", "leave"));
		assertThat(kick.status()).as(kick.toString()).isEqualTo(403);
		assertThat(kick.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void anInviteThroughStateAsksTheSpamChecker() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient target = client().register(MatrixClient.unique("noinvite"));
		String roomId = owner.createRoom(Map.of());
		MatrixClient.Response denied = owner.put(
				room(roomId) + "/state/m.room.member/" + MatrixClient.encode(target.userId()),
				Map.of("membership", "invite"));
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_INVITE");
	}

	@Test
	void anInviteSmuggledThroughInitialStateAsksTheSpamChecker() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient target = client().register(MatrixClient.unique("noinvite"));
		MatrixClient.Response denied = owner.post("/_matrix/client/v3/createRoom",
				Map.of("initial_state", List.of(Map.of("type", "m.room.member", "state_key", target.userId(),
						"content", Map.of("membership", "invite")))));
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_INVITE");
		assertThat(target.sync(null, 0).map("rooms")).satisfiesAnyOf((rooms) -> assertThat(rooms).isNull(),
				(rooms) -> assertThat((Map<?, ?>) rooms.get("invite")).isNullOrEmpty());
	}

	@Test
	void anInviteThroughInitialStateOfAnUnknownUserIsRefused() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient.Response refused = owner.post("/_matrix/client/v3/createRoom",
				Map.of("initial_state", List.of(Map.of("type", "m.room.member", "state_key", "@nobody-here:localhost",
						"content", Map.of("membership", "invite")))));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
		assertThat(refused.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void anAllowedInviteThroughInitialStateReachesTheInvitee() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = owner.createRoom(Map.of("initial_state", List.of(Map.of("type", "m.room.member", "state_key",
				bob.userId(), "content", Map.of("membership", "invite")))));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
	}

	@Test
	void unbanningSomeoneWhoIsNotBannedDoesNotKickThem() {
		Room room = publicRoomWithMember();
		MatrixClient.Response unban = room.owner()
			.post(room(room.id()) + "/unban", Map.of("user_id", room.member().userId()));
		assertThat(unban.status()).as(unban.toString()).isEqualTo(403);
		assertThat(unban.errcode()).isEqualTo("M_BAD_STATE");
		assertThat(room.member().get(room(room.id()) + "/state").status()).isEqualTo(200);
	}

	@Test
	void kickingSomeoneWhoIsBannedDoesNotUnbanThem() {
		Room room = publicRoomWithMember();
		assertThat(room.owner().post(room(room.id()) + "/ban", Map.of("user_id", room.member().userId())).status())
			.isEqualTo(200);
		MatrixClient.Response kick = room.owner()
			.post(room(room.id()) + "/kick", Map.of("user_id", room.member().userId()));
		assertThat(kick.status()).as(kick.toString()).isEqualTo(403);
		assertThat(kick.errcode()).isEqualTo("M_BAD_STATE");
		MatrixClient.Response rejoin = room.member().join(room.id());
		assertThat(rejoin.status()).isEqualTo(403);
		assertThat(rejoin.errcode()).isEqualTo("M_BAD_STATE");
	}

	@Test
	void kickingSomeoneWhoLeftIsRefused() {
		Room room = publicRoomWithMember();
		assertThat(room.member().post(room(room.id()) + "/leave", Map.of()).status()).isEqualTo(200);
		MatrixClient.Response kick = room.owner()
			.post(room(room.id()) + "/kick", Map.of("user_id", room.member().userId()));
		assertThat(kick.status()).as(kick.toString()).isEqualTo(403);
		assertThat(kick.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void aModulesInviteAsksTheSpamCheckerToo() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient target = client().register(MatrixClient.unique("noinvite"));
		String roomId = owner.createRoom(Map.of());
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> join(
					api().updateRoomMembership(owner.userId(), target.userId(), roomId, "invite", Map.of())))
			.havingCause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> {
				assertThat(error.httpStatus()).isEqualTo(403);
				assertThat(error.errcode()).isEqualTo("ORG_EXAMPLE_NO_INVITE");
			});
	}

	private Room publicRoomWithMember() {
		MatrixClient owner = client().register(MatrixClient.unique("owner"));
		MatrixClient member = client().register(MatrixClient.unique("member"));
		String roomId = owner.createRoom(Map.of("preset", "public_chat"));
		MatrixClient.Response joined = member.join(roomId);
		assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
		return new Room(roomId, owner, member);
	}

	private static Object bodyOf(MatrixClient reader, String roomId, String eventId) {
		MatrixClient.Response event = reader.get(room(roomId) + "/event/" + MatrixClient.encode(eventId));
		assertThat(event.status()).as(event.toString()).isEqualTo(200);
		return MatrixClient.body(event.body());
	}

	private HomeserverModuleApi api() {
		return probeApi();
	}

	private static <T> T join(CompletionStage<T> stage) {
		return stage.toCompletableFuture().join();
	}

	private record Room(String id, MatrixClient owner, MatrixClient member) {

	}

}

package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

class SpamCheckerCallbackTests extends WithTestModules {

	@Test
	void aSpamMessageIsDeniedWithTheModulesErrcodeAndFieldsAndNotStored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response denied = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.text", "body", "cheap spam here"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_SPAM");
		assertThat(denied.body()).containsEntry("reason_code", "spam-word");
		assertThat(alice.get(room(roomId) + "/messages?limit=50").list("chunk")).extracting(MatrixClient::body)
			.doesNotContain("cheap spam here");
		assertThat(alice.sendMessage(roomId, "ham")).startsWith("$");
	}

	@Test
	void aSpamCheckerThatThrowsFailsTheSend() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response failed = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("body", "explode"));
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void joinsAreCheckedExceptForAdministrators() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient blocked = client().register(MatrixClient.unique("nojoin"));
		MatrixClient admin = client().register("nojoin-admin");
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		MatrixClient.Response denied = blocked.join(roomId);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(Recorder.calls()).contains("userMayJoinRoom:" + blocked.userId() + ":false");
		assertThat(admin.join(roomId).status()).isEqualTo(200);
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("userMayJoinRoom:" + admin.userId()));
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("userMayJoinRoom:" + alice.userId()));
	}

	@Test
	void invitesAreCheckedAlsoInCreateRoom() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient target = client().register(MatrixClient.unique("noinvite"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response denied = alice.invite(roomId, target.userId());
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_INVITE");
		assertThat(denied.body()).containsEntry("invitee", target.userId());
		MatrixClient.Response inCreate = alice.post("/_matrix/client/v3/createRoom",
				Map.of("invite", List.of(target.userId())));
		assertThat(inCreate.status()).isEqualTo(403);
		assertThat(inCreate.errcode()).isEqualTo("ORG_EXAMPLE_NO_INVITE");
	}

	@Test
	void roomCreationIsCheckedExceptForAdministrators() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response denied = alice.post("/_matrix/client/v3/createRoom", Map.of("name", "forbidden-room"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_ROOM");
		MatrixClient admin = client().login("nojoin-admin", "correct horse battery staple");
		assertThat(admin.post("/_matrix/client/v3/createRoom", Map.of("name", "forbidden-room")).status())
			.isEqualTo(200);
	}

	@Test
	void aliasCreationIsChecked() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response inCreate = alice.post("/_matrix/client/v3/createRoom",
				Map.of("room_alias_name", MatrixClient.unique("badalias")));
		assertThat(inCreate.status()).isEqualTo(403);
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response direct = alice.put("/_matrix/client/v3/directory/room/"
				+ MatrixClient.encode("#" + MatrixClient.unique("badalias") + ":localhost"), Map.of("room_id", roomId));
		assertThat(direct.status()).isEqualTo(403);
		assertThat(alice.put("/_matrix/client/v3/directory/room/"
				+ MatrixClient.encode("#" + MatrixClient.unique("goodalias") + ":localhost"), Map.of("room_id", roomId))
			.status()).isEqualTo(200);
	}

	@Test
	void publishingIsChecked() {
		MatrixClient blocked = client().register(MatrixClient.unique("nopublish"));
		String roomId = blocked.createRoom(Map.of());
		String path = "/_matrix/client/v3/directory/list/room/" + MatrixClient.encode(roomId);
		MatrixClient.Response denied = blocked.put(path, Map.of("visibility", "public"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_PUBLISH");
		assertThat(blocked.put(path, Map.of("visibility", "private")).status()).isEqualTo(200);
	}

	@Test
	void stateEventsAreChecked() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response denied = alice.put(room(roomId) + "/state/org.example.forbidden/", Map.of("x", 1));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_STATE");
		assertThat(alice.put(room(roomId) + "/state/org.example.allowed/", Map.of("x", 1)).status()).isEqualTo(200);
	}

	@Test
	void theUserDirectoryHidesWhatTheModuleHides() {
		String tag = MatrixClient.unique("dirspam");
		MatrixClient alice = client().register(tag + "-alice");
		MatrixClient bob = client().register(tag + "-bob");
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		bob.put("/_matrix/client/v3/profile/" + MatrixClient.encode(bob.userId()) + "/displayname",
				Map.of("displayname", "bob (hidden)"));
		MatrixClient.Response found = alice.post("/_matrix/client/v3/user_directory/search",
				Map.of("search_term", tag));
		assertThat(found.list("results")).extracting((row) -> row.get("user_id"))
			.contains(alice.userId())
			.doesNotContain(bob.userId());
	}

	@Test
	void aDeniedRegistrationLooksRateLimited() {
		MatrixClient.Response response = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("denied"), "password", "pw", "auth",
						Map.of("type", "m.login.dummy")));
		assertThat(response.status()).isEqualTo(429);
		assertThat(response.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(Recorder.calls()).anyMatch((call) -> call.startsWith("checkRegistrationForSpam:denied-")
				&& call.endsWith(":module-host-tests"));
	}

	@Test
	void aShadowBannedUsersMessagesLookSentButAreNot() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient shadow = client().register(MatrixClient.unique("shadow"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(shadow.join(roomId).status()).isEqualTo(200);
		String eventId = shadow.sendMessage(roomId, "can anyone hear me");
		assertThat(eventId).startsWith("$");
		assertThat(alice.get(room(roomId) + "/event/" + MatrixClient.encode(eventId)).status()).isEqualTo(404);
		assertThat(alice.get(room(roomId) + "/messages?limit=50").list("chunk")).extracting(MatrixClient::body)
			.doesNotContain("can anyone hear me");
	}

	@Test
	void aLoginCanBeBlockedAfterTheCredentialsWereChecked() {
		String name = MatrixClient.unique("nologin");
		client().register(name, "pw");
		MatrixClient.Response wrong = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", name), "password", "wrong"));
		assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response blocked = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", name), "password", "pw"));
		assertThat(blocked.status()).isEqualTo(403);
		assertThat(blocked.errcode()).isEqualTo("ORG_EXAMPLE_LOGIN_BLOCKED");
		assertThat(blocked.body()).containsEntry("info", "come back later");
	}

	@Test
	void redactionsAreCheckedForSpamToo() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String message = alice.sendMessage(roomId, "keep me");
		MatrixClient.Response denied = alice.put(room(roomId) + "/redact/" + MatrixClient.encode(message) + "/r1",
				Map.of("reason", "this is spam"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_SPAM");
		assertThat(MatrixClient.body(alice.get(room(roomId) + "/event/" + MatrixClient.encode(message)).body()))
			.isEqualTo("keep me");
	}

}

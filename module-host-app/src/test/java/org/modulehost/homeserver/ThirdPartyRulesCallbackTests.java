package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;
import org.modulehost.homeserver.modules.TestThirdPartyRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThirdPartyRulesCallbackTests extends WithTestModules {

	@Test
	void replacementContentIsWhatGetsStored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "replace me");
		MatrixClient.Response event = alice.get(room(roomId) + "/event/" + MatrixClient.encode(eventId));
		assertThat(MatrixClient.body(event.body())).isEqualTo("replaced by the module");
	}

	@Test
	void theEventsOfANewRoomAreCheckedAndReplacedToo() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "rename me"));
		assertThat(alice.get(room(roomId) + "/state/m.room.name/").body()).containsEntry("name", "renamed by module");
	}

	@Test
	void aDeniedEventIsForbiddenAndNotStored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response denied = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("body", "deny me"));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(alice.get(room(roomId) + "/messages?limit=50").list("chunk")).extracting(MatrixClient::body)
			.doesNotContain("deny me");
	}

	@Test
	void aMatrixErrorFromTheModulePassesThrough() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response teapot = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("body", "teapot"));
		assertThat(teapot.status()).isEqualTo(418);
		assertThat(teapot.errcode()).isEqualTo("ORG_EXAMPLE_TEAPOT");
		assertThat(teapot.body()).containsEntry("spout", "short");
	}

	@Test
	void anyOtherModuleFailureIsAServerErrorAndNothingIsStored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response failed = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("body", "boom"));
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(failed.text()).doesNotContain("module bug");
		assertThat(alice.get(room(roomId) + "/messages?limit=50").list("chunk")).extracting(MatrixClient::body)
			.doesNotContain("boom");
	}

	@Test
	void onCreateRoomMayChangeTheRequest() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("topic", "rewrite"));
		assertThat(alice.get(room(roomId) + "/state/m.room.name/").body()).containsEntry("name",
				"rewritten by module");
	}

	@Test
	void onCreateRoomRefusesWith403OrItsOwnError() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response refused = alice.post("/_matrix/client/v3/createRoom", Map.of("topic", "refuse"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(refused.string("error")).isEqualTo("Room creation forbidden with these parameters");
		MatrixClient.Response loud = alice.post("/_matrix/client/v3/createRoom", Map.of("topic", "refuse loudly"));
		assertThat(loud.status()).isEqualTo(400);
		assertThat(loud.errcode()).isEqualTo("ORG_EXAMPLE_BAD_TOPIC");
		assertThat(alice.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList().isEmpty();
	}

	@Test
	void visibilityChangesAreCheckedAndAFailingCheckAllowsThem() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String privateOnly = alice.createRoom(Map.of("name", "private-only"));
		MatrixClient.Response refused = alice.put(
				"/_matrix/client/v3/directory/list/room/" + MatrixClient.encode(privateOnly),
				Map.of("visibility", "public"));
		assertThat(refused.status()).isEqualTo(403);
		String broken = alice.createRoom(Map.of("name", "broken-visibility"));
		assertThat(alice.put("/_matrix/client/v3/directory/list/room/" + MatrixClient.encode(broken),
				Map.of("visibility", "public")).status()).isEqualTo(200);
	}

	@Test
	void onNewEventRunsAfterTheResponseAndNeverDelaysIt() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String slow = alice.sendMessage(roomId, "slow");
		assertThat(Recorder.called("onNewEvent:" + slow + ":true")).isFalse();
		TestThirdPartyRules.slowRelease.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> Recorder.called("onNewEvent:" + slow + ":true"));
		String next = alice.sendMessage(roomId, "next");
		await().atMost(Duration.ofSeconds(10)).until(() -> Recorder.called("onNewEvent:" + next + ":true"));
	}

	@Test
	void profileUpdatesAreReported() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		alice.put("/_matrix/client/v3/profile/" + MatrixClient.encode(alice.userId()) + "/displayname",
				Map.of("displayname", "Alice Reported"));
		assertThat(Recorder.calls()).contains("onProfileUpdate:" + alice.userId() + ":Alice Reported:false");
	}

}

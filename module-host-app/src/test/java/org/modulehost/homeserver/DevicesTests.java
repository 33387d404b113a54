package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The devices API: listing, renaming and deleting one's own devices, deleting only after
 * user-interactive authentication with the password, and never another user's devices.
 */
class DevicesTests extends WithTestModules {

	private static final String PASSWORD = "correct horse battery staple";

	private static String device(String deviceId) {
		return "/_matrix/client/v3/devices/" + MatrixClient.encode(deviceId);
	}

	private static Map<String, Object> password(MatrixClient user, String password, String session) {
		return Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", user.userId()),
				"password", password, "session", session);
	}

	@Test
	void aUserListsTheirDevicesWithNameAndLastSeen() {
		String name = MatrixClient.unique("devlist");
		MatrixClient first = client().register(name);
		MatrixClient second = client().login(name, PASSWORD);
		assertThat(second.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
		MatrixClient.Response listed = first.get("/_matrix/client/v3/devices");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.list("devices")).extracting((device) -> device.get("device_id"))
			.containsExactlyInAnyOrder(first.deviceId(), second.deviceId());
		MatrixClient.Response one = first.get(device(second.deviceId()));
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.body()).containsEntry("device_id", second.deviceId()).containsKey("display_name");
		assertThat(one.body().get("last_seen_ts")).isInstanceOf(Number.class);
		assertThat(one.body().get("last_seen_ip")).isInstanceOf(String.class);
	}

	@Test
	void aUserRenamesTheirDevice() {
		MatrixClient user = client().register(MatrixClient.unique("devrename"));
		assertThat(user.put(device(user.deviceId()), Map.of("display_name", "Work laptop")).status()).isEqualTo(200);
		assertThat(user.get(device(user.deviceId())).body()).containsEntry("display_name", "Work laptop");
		MatrixClient.Response tooLong = user.put(device(user.deviceId()), Map.of("display_name", "x".repeat(101)));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void anotherUsersDeviceIsNeitherFoundNorDeleted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		MatrixClient.Response read = eve.get(device(alice.deviceId()));
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errcode()).isEqualTo("M_NOT_FOUND");
		MatrixClient.Response rename = eve.put(device(alice.deviceId()), Map.of("display_name", "Hacked"));
		assertThat(rename.status()).isEqualTo(404);
		assertThat(rename.errcode()).isEqualTo("M_NOT_FOUND");
		MatrixClient.Response delete = eve.delete(device(alice.deviceId()));
		assertThat(delete.status()).isEqualTo(401);
		MatrixClient.Response deleteAuthed = eve.raw("DELETE", device(alice.deviceId()),
				json(Map.of("auth", password(eve, PASSWORD, delete.string("session")))));
		assertThat(deleteAuthed.status()).isEqualTo(200);
		MatrixClient.Response bulk = eve.post("/_matrix/client/v3/delete_devices",
				Map.of("devices", List.of(alice.deviceId())));
		assertThat(bulk.status()).isEqualTo(401);
		MatrixClient.Response bulkAuthed = eve.post("/_matrix/client/v3/delete_devices",
				Map.of("devices", List.of(alice.deviceId()), "auth", password(eve, PASSWORD, bulk.string("session"))));
		assertThat(bulkAuthed.status()).isEqualTo(200);
		assertThat(alice.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
		assertThat(alice.get(device(alice.deviceId())).status()).isEqualTo(200);
	}

	@Test
	void theDevicesApiNeedsAnAccessToken() {
		MatrixClient.Response response = client().get("/_matrix/client/v3/devices");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errcode()).isEqualTo("M_MISSING_TOKEN");
		MatrixClient.Response delete = client().raw("DELETE", device("ANY"), "{}");
		assertThat(delete.status()).isEqualTo(401);
		assertThat(delete.errcode()).isEqualTo("M_MISSING_TOKEN");
	}

	@Test
	void deletingADeviceNeedsThePasswordAndLogsTheDeviceOut() {
		String name = MatrixClient.unique("devdelete");
		MatrixClient first = client().register(name);
		MatrixClient second = client().login(name, PASSWORD);
		MatrixClient.Response challenge = first.delete(device(second.deviceId()));
		assertThat(challenge.status()).isEqualTo(401);
		assertThat(challenge.body()).containsEntry("flows", List.of(Map.of("stages", List.of("m.login.password"))))
			.doesNotContainKey("errcode");
		String session = challenge.string("session");
		MatrixClient.Response wrong = first.raw("DELETE", device(second.deviceId()),
				json(Map.of("auth", password(first, "wrong password", session))));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(wrong.string("session")).isEqualTo(session);
		assertThat(second.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
		MatrixClient.Response deleted = first.raw("DELETE", device(second.deviceId()),
				json(Map.of("auth", password(first, PASSWORD, session))));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		MatrixClient.Response after = second.get("/_matrix/client/v3/account/whoami");
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(first.get(device(second.deviceId())).status()).isEqualTo(404);
		assertThat(Recorder.calls()).anyMatch((call) -> call.equals("onLoggedOut:" + second.userId() + ":"
				+ second.deviceId()));
	}

	@Test
	void anotherUsersPasswordDoesNotAuthoriseADeletion() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String session = alice.delete(device(alice.deviceId())).string("session");
		MatrixClient.Response response = alice.raw("DELETE", device(alice.deviceId()),
				json(Map.of("auth", password(eve, PASSWORD, session))));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(alice.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void aSessionAuthorisesOnlyTheOperationItWasStartedFor() {
		String name = MatrixClient.unique("devsession");
		MatrixClient first = client().register(name);
		MatrixClient second = client().login(name, PASSWORD);
		String session = first.delete(device(first.deviceId())).string("session");
		MatrixClient.Response response = first.raw("DELETE", device(second.deviceId()),
				json(Map.of("auth", password(first, PASSWORD, session))));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response unknown = first.raw("DELETE", device(second.deviceId()),
				json(Map.of("auth", password(first, PASSWORD, "no-such-session"))));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(second.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void deleteDevicesLogsOutEveryDeviceNamed() {
		String name = MatrixClient.unique("devbulk");
		MatrixClient first = client().register(name);
		MatrixClient second = client().login(name, PASSWORD);
		MatrixClient third = client().login(name, PASSWORD);
		Map<String, Object> body = Map.of("devices", List.of(second.deviceId(), third.deviceId(), "UNKNOWN"));
		MatrixClient.Response challenge = first.post("/_matrix/client/v3/delete_devices", body);
		assertThat(challenge.status()).isEqualTo(401);
		MatrixClient.Response deleted = first.post("/_matrix/client/v3/delete_devices", Map.of("devices",
				body.get("devices"), "auth", password(first, PASSWORD, challenge.string("session"))));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		assertThat(second.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(third.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		assertThat(first.get("/_matrix/client/v3/devices").list("devices")).extracting((d) -> d.get("device_id"))
			.containsExactly(first.deviceId());
	}

	private static String json(Map<String, Object> body) {
		return JsonMapper.builder().build().writeValueAsString(body);
	}

}

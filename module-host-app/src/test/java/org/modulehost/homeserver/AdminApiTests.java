package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synapse's admin API for users and rooms: server version, the paged user list, a user's
 * details, creating and modifying users, password resets, whois, the paged room list and a
 * room's details.
 */
class AdminApiTests extends WithLifecycleModule {

	@Test
	void theServerVersionIsAnswered() {
		MatrixClient.Response version = admin().get("/_synapse/admin/v1/server_version");
		assertThat(version.status()).isEqualTo(200);
		assertThat(version.string("server_version")).startsWith("module-host");
	}

	@Test
	void usersAreListedInPagesAndFilteredByName() {
		String prefix = MatrixClient.unique("paged");
		for (int i = 0; i < 3; i++) {
			client().register(prefix + "-" + i);
		}
		MatrixClient admin = admin();
		MatrixClient.Response first = admin.get("/_synapse/admin/v2/users?limit=2&name=" + prefix);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.list("users")).extracting((user) -> user.get("name"))
			.containsExactly("@" + prefix + "-0:localhost", "@" + prefix + "-1:localhost");
		assertThat(first.body()).containsEntry("total", 3).containsEntry("next_token", "2");
		MatrixClient.Response second = admin.get("/_synapse/admin/v2/users?limit=2&from=2&name=" + prefix);
		assertThat(second.list("users")).extracting((user) -> user.get("name"))
			.containsExactly("@" + prefix + "-2:localhost");
		assertThat(second.body()).doesNotContainKey("next_token");
		assertThat(second.list("users").get(0)).containsEntry("admin", false).containsEntry("deactivated", false)
			.containsKeys("displayname", "creation_ts", "is_guest", "shadow_banned");
		MatrixClient.Response bad = admin.get("/_synapse/admin/v2/users?from=-1");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void deactivatedUsersAreListedOnlyWhenAskedFor() {
		MatrixClient gone = client().register(MatrixClient.unique("gone"));
		MatrixClient admin = admin();
		admin.post("/_synapse/admin/v1/deactivate/" + user(gone.userId()), Map.of());
		assertThat(admin.get("/_synapse/admin/v2/users?name=" + gone.userId().substring(1, 13)).list("users"))
			.isEmpty();
		assertThat(admin.get("/_synapse/admin/v2/users?deactivated=true&name=" + gone.userId().substring(1, 13))
			.list("users")).extracting((user) -> user.get("name")).containsExactly(gone.userId());
	}

	@Test
	void anAdministratorCreatesAndModifiesUsers() {
		String name = MatrixClient.unique("created");
		String userId = "@" + name + ":localhost";
		MatrixClient admin = admin();
		MatrixClient.Response created = admin.put("/_synapse/admin/v2/users/" + user(userId),
				Map.of("password", "first password", "displayname", "Created", "admin", false));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.body()).containsEntry("name", userId).containsEntry("displayname", "Created");
		MatrixClient newcomer = client().login(name, "first password");
		MatrixClient.Response promoted = admin.put("/_synapse/admin/v2/users/" + user(userId),
				Map.of("admin", true, "displayname", "Promoted"));
		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.body()).containsEntry("admin", true).containsEntry("displayname", "Promoted");
		assertThat(newcomer.get("/_synapse/admin/v1/server_version").status()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("onProfileUpdate:" + userId + ":Promoted:true:false");
		MatrixClient.Response demoteSelf = newcomer.put("/_synapse/admin/v2/users/" + user(userId),
				Map.of("admin", false));
		assertThat(demoteSelf.status()).isEqualTo(400);
	}

	@Test
	void theRoomsAUserJoinedAreListed() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String first = alice.createRoom(Map.of());
		String second = alice.createRoom(Map.of());
		MatrixClient.Response joined = admin().get("/_synapse/admin/v1/users/" + user(alice.userId()) + "/joined_rooms");
		assertThat(joined.status()).isEqualTo(200);
		assertThat(joined.body()).containsEntry("total", 2);
		assertThat(joined.body().get("joined_rooms")).asList().containsExactlyInAnyOrder(first, second);
		assertThat(alice.get("/_synapse/admin/v1/users/" + user(alice.userId()) + "/joined_rooms").status())
			.isEqualTo(403);
	}

	@Test
	void anUnknownUserIsNotFound() {
		MatrixClient.Response missing = admin().get("/_synapse/admin/v2/users/"
				+ user("@" + MatrixClient.unique("nobody") + ":localhost"));
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void aPasswordResetLogsTheDevicesOut() {
		String name = MatrixClient.unique("reset");
		MatrixClient user = client().register(name);
		MatrixClient.Response reset = admin().post("/_synapse/admin/v1/reset_password/" + user(user.userId()),
				Map.of("new_password", "reset password"));
		assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
		assertThat(user.get("/_matrix/client/v3/account/whoami").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		client().login(name, "reset password");
		MatrixClient.Response missing = admin().post("/_synapse/admin/v1/reset_password/" + user(user.userId()),
				Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
	}

	@Test
	void whoisShowsTheAddressesAndUserAgentsOfAUser() {
		MatrixClient user = client().register(MatrixClient.unique("seen"));
		user.get("/_matrix/client/v3/account/whoami");
		MatrixClient.Response whois = admin().get("/_synapse/admin/v1/whois/" + user(user.userId()));
		assertThat(whois.status()).isEqualTo(200);
		assertThat(whois.body()).containsEntry("user_id", user.userId());
		Map<String, Object> devices = whois.map("devices");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> sessions = (List<Map<String, Object>>) ((Map<String, Object>) devices.get(""))
			.get("sessions");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> connections = (List<Map<String, Object>>) sessions.get(0).get("connections");
		assertThat(connections).singleElement().satisfies((connection) -> {
			assertThat(connection).containsEntry("ip", "127.0.0.1").containsEntry("user_agent", "module-host-tests");
			assertThat(connection.get("last_seen")).isInstanceOf(Number.class);
		});
		assertThat(user.get("/_synapse/admin/v1/whois/" + user(user.userId())).status()).isEqualTo(200);
	}

	@Test
	void roomsAreListedInPagesSearchedAndDetailed() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String term = MatrixClient.unique("listed");
		String first = alice.createRoom(Map.of("name", term + " a", "topic", "first topic"));
		String second = alice.createRoom(Map.of("name", term + " b"));
		MatrixClient admin = admin();
		MatrixClient.Response page = admin.get("/_synapse/admin/v1/rooms?limit=1&search_term=" + term);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.list("rooms")).extracting((room) -> room.get("room_id")).containsExactly(first);
		assertThat(page.body()).containsEntry("total_rooms", 2).containsEntry("next_batch", 1)
			.containsEntry("offset", 0);
		assertThat(page.list("rooms").get(0)).containsEntry("joined_members", 1)
			.containsEntry("joined_local_members", 1).containsEntry("creator", alice.userId())
			.containsEntry("version", "11");
		MatrixClient.Response backwards = admin.get("/_synapse/admin/v1/rooms?dir=b&search_term=" + term);
		assertThat(backwards.list("rooms")).extracting((room) -> room.get("room_id")).containsExactly(second, first);
		MatrixClient.Response details = admin.get("/_synapse/admin/v1/rooms/" + MatrixClient.encode(first));
		assertThat(details.body()).containsEntry("topic", "first topic").containsEntry("name", term + " a");
		MatrixClient.Response unknown = admin.get("/_synapse/admin/v1/rooms/" + MatrixClient.encode("!nope:localhost"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
		MatrixClient.Response badOrder = admin.get("/_synapse/admin/v1/rooms?order_by=nonsense");
		assertThat(badOrder.status()).isEqualTo(400);
		assertThat(badOrder.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response forbidden = alice.get("/_synapse/admin/v1/rooms");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.errcode()).isEqualTo("M_FORBIDDEN");
	}

}

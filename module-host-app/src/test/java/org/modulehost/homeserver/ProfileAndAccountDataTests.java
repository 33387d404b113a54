package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileAndAccountDataTests extends HomeserverTestSupport {

	private static String profile(String userId) {
		return "/_matrix/client/v3/profile/" + MatrixClient.encode(userId);
	}

	private static String accountData(String userId) {
		return "/_matrix/client/v3/user/" + MatrixClient.encode(userId);
	}

	@Test
	void aNewUsersDisplayNameIsTheLocalpart() {
		String name = MatrixClient.unique("newbie");
		MatrixClient user = client().register(name);
		assertThat(client().get(profile(user.userId())).body()).containsEntry("displayname", name);
	}

	@Test
	void aDisplayNameChangeReachesTheProfileAndTheRooms() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		assertThat(alice.put(profile(alice.userId()) + "/displayname", Map.of("displayname", "Alice A.")).status())
			.isEqualTo(200);
		// An avatar must be media of this server.
		String avatar = new MediaRequests(this.port).upload(alice.accessToken(), new byte[] { 1 }, "image/png", null)
			.contentUri();
		assertThat(alice.put(profile(alice.userId()) + "/avatar_url", Map.of("avatar_url", avatar))
			.status()).isEqualTo(200);
		assertThat(client().get(profile(alice.userId()) + "/displayname").body())
			.containsEntry("displayname", "Alice A.");
		assertThat(client().get(profile(alice.userId())).body()).containsEntry("displayname", "Alice A.")
			.containsEntry("avatar_url", avatar);
		assertThat(alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.member/"
				+ MatrixClient.encode(alice.userId())).body()).containsEntry("displayname", "Alice A.")
			.containsEntry("avatar_url", avatar);
	}

	@Test
	void nobodyChangesAnotherUsersProfile() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		MatrixClient.Response response = eve.put(profile(alice.userId()) + "/displayname",
				Map.of("displayname", "Hacked"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void globalAndRoomAccountDataAreStoredPerUser() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		String roomId = alice.createRoom(Map.of());
		String global = accountData(alice.userId()) + "/account_data/org.example.settings";
		String perRoom = accountData(alice.userId()) + "/rooms/" + MatrixClient.encode(roomId)
				+ "/account_data/org.example.tag";
		assertThat(alice.get(global).errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(alice.put(global, Map.of("volume", 11)).status()).isEqualTo(200);
		assertThat(alice.put(perRoom, Map.of("starred", true)).status()).isEqualTo(200);
		assertThat(alice.get(global).body()).containsEntry("volume", 11);
		assertThat(alice.get(perRoom).body()).containsEntry("starred", true);
		assertThat(eve.get(global).status()).isEqualTo(403);
		assertThat(eve.put(global, Map.of("volume", 0)).status()).isEqualTo(403);
	}

	@Test
	void theUserDirectoryFindsUsersWhoShareARoom() {
		String tag = MatrixClient.unique("dir");
		MatrixClient alice = client().register(tag + "-alice");
		MatrixClient bob = client().register(tag + "-bob");
		MatrixClient stranger = client().register(tag + "-stranger");
		String roomId = alice.createRoom(Map.of());
		alice.invite(roomId, bob.userId());
		bob.join(roomId);
		MatrixClient.Response found = alice.post("/_matrix/client/v3/user_directory/search",
				Map.of("search_term", tag));
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.list("results")).extracting((row) -> row.get("user_id"))
			.contains(alice.userId(), bob.userId())
			.doesNotContain(stranger.userId());
		MatrixClient.Response limited = alice.post("/_matrix/client/v3/user_directory/search",
				Map.of("search_term", tag, "limit", 1));
		assertThat(limited.body()).containsEntry("limited", true);
		assertThat(limited.list("results")).hasSize(1);
		assertThat(stranger.post("/_matrix/client/v3/user_directory/search", Map.of("search_term", tag + "-bob"))
			.list("results")).isEqualTo(List.of());
	}

}

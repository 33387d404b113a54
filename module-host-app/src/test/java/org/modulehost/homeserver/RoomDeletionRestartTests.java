package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.storage.RoomDeletionStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A room deletion that a restart cut short: the next start resumes it, and it ends with no
 * local member left in the room.
 */
class RoomDeletionRestartTests {

	private final List<ConfigurableApplicationContext> servers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.servers.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aDeletionInterruptedByARestartIsResumedAtTheNextStart() {
		String database = "jdbc:h2:mem:hs_restart_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
		ConfigurableApplicationContext first = start(database);
		MatrixClient client = MatrixClient.at(port(first));
		MatrixClient admin = client.register("restart-admin");
		MatrixClient alice = client.register(MatrixClient.unique("alice"));
		MatrixClient bob = client.register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		// What a crash in the middle of a deletion leaves: the deletion recorded as running, one
		// member removed, the other still in the room.
		assertThat(alice.post(room(roomId) + "/leave", Map.of()).status()).isEqualTo(200);
		String deleteId = "interrupted-" + UUID.randomUUID();
		RoomDeletionStore deletions = first.getBean(RoomDeletionStore.class);
		deletions.schedule(new RoomDeletionStore.Deletion(deleteId, roomId, RoomDeletionStore.ACTIVE, admin.userId(),
				Map.of("block", false, "purge", false), null, null, System.currentTimeMillis()));
		deletions.update(deleteId, RoomDeletionStore.ACTIVE, Map.of("kicked_users", List.of(alice.userId()),
				"failed_to_kick_users", List.of(), "local_aliases", List.of()), null);
		first.close();
		this.servers.remove(first);

		ConfigurableApplicationContext second = start(database);
		MatrixClient again = MatrixClient.at(port(second));
		MatrixClient adminAgain = again.login("restart-admin", "correct horse battery staple");
		String path = "/_synapse/admin/v2/rooms/delete_status/" + MatrixClient.encode(deleteId);
		await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(adminAgain.get(path).body().get("status")));
		@SuppressWarnings("unchecked")
		Map<String, Object> shutdown = (Map<String, Object>) adminAgain.get(path).body().get("shutdown_room");
		assertThat(shutdown.get("kicked_users")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactlyInAnyOrder(alice.userId(), bob.userId());
		MatrixClient bobAgain = again.login(bob.userId(), "correct horse battery staple");
		assertThat(bobAgain.get("/_matrix/client/v3/joined_rooms").body().get("joined_rooms")).asList()
			.doesNotContain(roomId);
		assertThat(adminAgain.get("/_synapse/admin/v1/rooms/" + MatrixClient.encode(roomId)).body())
			.containsEntry("joined_members", 0);
	}

	private ConfigurableApplicationContext start(String database) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ModuleHostApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--spring.datasource.url=" + database,
				"--homeserver.passwords.bcrypt-rounds=4", "--homeserver.registration.enabled=true",
				"--homeserver.registration.allow-without-verification=true", "--homeserver.admins[0]=restart-admin",
				"--homeserver.ratelimit.registration.per-second=0", "--homeserver.ratelimit.login-address.per-second=0",
				"--homeserver.ratelimit.login-account.per-second=0", "--homeserver.ratelimit.room-creation.per-second=0",
				"--homeserver.ratelimit.joins-local.per-second=0", "--logging.level.root=WARN");
		this.servers.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

	private static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

}

package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = { "homeserver.typing.ratelimit.per-second=0.1", "homeserver.typing.ratelimit.burst-count=5",
		"homeserver.limits.max-json-body-size=64KB" })
class TypingTests extends HomeserverTestSupport {

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> ephemeral(MatrixClient.Response sync, String roomId) {
		Map<String, Object> join = (Map<String, Object>) sync.map("rooms").get("join");
		Map<String, Object> room = (Map<String, Object>) join.get(roomId);
		if (room == null) {
			return List.of();
		}
		return (List<Map<String, Object>>) ((Map<String, Object>) room.get("ephemeral")).get("events");
	}

	@SuppressWarnings("unchecked")
	static List<Object> typingUsers(MatrixClient.Response sync, String roomId) {
		return ephemeral(sync, roomId).stream()
			.filter((event) -> "m.typing".equals(event.get("type")))
			.map((event) -> (List<Object>) MatrixClient.content(event).get("user_ids"))
			.findFirst()
			.orElse(null);
	}

	static MatrixClient.Response typing(MatrixClient client, String roomId, String userId, Map<String, Object> body) {
		return client.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/typing/"
				+ MatrixClient.encode(userId), body);
	}

	private String sharedRoom(MatrixClient alice, MatrixClient bob) {
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		return roomId;
	}

	@Test
	void aTypingUserIsInTheRoomsEphemeralSectionOfEveryMember() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String since = bob.sync(null, 0).string("next_batch");
		MatrixClient.Response typing = typing(alice, roomId, alice.userId(), Map.of("typing", true, "timeout", 30000));
		assertThat(typing.status()).as(typing.toString()).isEqualTo(200);
		MatrixClient.Response incremental = bob.sync(since, 0);
		assertThat(typingUsers(incremental, roomId)).containsExactly(alice.userId());
		assertThat(typingUsers(bob.sync(null, 0), roomId)).containsExactly(alice.userId());
		MatrixClient.Response nothing = bob.sync(incremental.string("next_batch"), 0);
		assertThat(typingUsers(nothing, roomId)).isNull();
		typing(alice, roomId, alice.userId(), Map.of("typing", false));
		assertThat(typingUsers(bob.sync(incremental.string("next_batch"), 0), roomId)).isEmpty();
	}

	@Test
	void aLongPollIsWokenWhenSomeoneStartsTyping() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String since = bob.sync(null, 0).string("next_batch");
		long start = System.nanoTime();
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		typing(alice, roomId, alice.userId(), Map.of("typing", true));
		MatrixClient.Response woken = poll.get(20, TimeUnit.SECONDS);
		assertThat(typingUsers(woken, roomId)).containsExactly(alice.userId());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void typingEndsWhenItsTimeoutPasses() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		typing(alice, roomId, alice.userId(), Map.of("typing", true, "timeout", 300));
		String since = bob.sync(null, 0).string("next_batch");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			MatrixClient.Response sync = bob.sync(since, 0);
			assertThat(typingUsers(sync, roomId)).isEmpty();
		});
		assertThat(typingUsers(bob.sync(null, 0), roomId)).isNull();
	}

	@Test
	void anOldTokenWithoutATypingPositionStillWorks() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String token = alice.sync(null, 0).string("next_batch");
		assertThat(token).matches("s[0-9]+(_[a-z][0-9]+)*_t[0-9]+(_[a-z][0-9]+)*");
		alice.sendMessage(roomId, "hello");
		MatrixClient.Response sync = alice.sync(token.substring(0, token.indexOf('_')), 0);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(sync.map("rooms").get("join")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsKey(roomId);
	}

	@Test
	void theEphemeralFilterLeavesTypingOut() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		typing(alice, roomId, alice.userId(), Map.of("typing", true));
		String filter = MatrixClient.encode("{\"room\":{\"ephemeral\":{\"not_types\":[\"m.typing\"]}}}");
		MatrixClient.Response sync = bob.get("/_matrix/client/v3/sync?filter=" + filter);
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(typingUsers(sync, roomId)).isNull();
	}

	@Test
	void typingForAnotherUserIsForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		MatrixClient.Response response = typing(alice, roomId, bob.userId(), Map.of("typing", true));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(typingUsers(alice.sync(null, 0), roomId)).isNull();
	}

	@Test
	void typingInARoomOneIsNotInIsForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		MatrixClient.Response response = typing(mallory, roomId, mallory.userId(), Map.of("typing", true));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void typingWithoutTheTypingFieldIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response response = typing(alice, roomId, alice.userId(), Map.of("timeout", 1000));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response notBoolean = typing(alice, roomId, alice.userId(), Map.of("typing", "yes"));
		assertThat(notBoolean.status()).as(notBoolean.toString()).isEqualTo(400);
		assertThat(notBoolean.errcode()).isEqualTo("M_BAD_JSON");
	}

	@Test
	void anOversizedTypingBodyIsRefusedBeforeItIsRead() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response response = typing(alice, roomId, alice.userId(),
				Map.of("typing", true, "padding", "x".repeat(100_000)));
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void typingRequestsAreRateLimited() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		for (int i = 0; i < 5; i++) {
			assertThat(typing(alice, roomId, alice.userId(), Map.of("typing", true)).status()).isEqualTo(200);
		}
		MatrixClient.Response limited = typing(alice, roomId, alice.userId(), Map.of("typing", true));
		assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
	}

}

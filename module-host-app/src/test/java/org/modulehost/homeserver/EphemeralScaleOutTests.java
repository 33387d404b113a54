package org.modulehost.homeserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two homeserver instances on one PostgreSQL schema: typing set through one wakes and reaches
 * a long poll on the other, and a receipt stored through one is in the other's {@code /sync}.
 * Skipped unless {@code MODULEHOST_TEST_POSTGRES_URL} (with {@code _USER}, {@code _PASSWORD}) is
 * set, as CI always does.
 */
class EphemeralScaleOutTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String POSTGRES_URL = System.getenv("MODULEHOST_TEST_POSTGRES_URL");

	private static final String SCHEMA = "hs_ephemeral_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"Needs PostgreSQL: set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD (CI does)");
		first = instance("first");
		second = instance("second");
	}

	@AfterAll
	static void stopTheInstances() throws SQLException {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		if (HomeserverTestSupport.TestDatabase.postgres()) {
			try (Connection connection = DriverManager.getConnection(POSTGRES_URL,
					System.getenv("MODULEHOST_TEST_POSTGRES_USER"), System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	private static ConfigurableApplicationContext instance(String name) {
		String url = POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
		String[] settings = { "server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + url,
				"spring.datasource.username=" + System.getenv("MODULEHOST_TEST_POSTGRES_USER"),
				"spring.datasource.password=" + System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"),
				"spring.flyway.schemas=" + SCHEMA, "spring.flyway.default-schema=" + SCHEMA,
				"modulehost.instance.name=" + name, "homeserver.passwords.bcrypt-rounds=4",
				"homeserver.registration.enabled=true", "homeserver.registration.allow-without-verification=true",
				"homeserver.ratelimit.message.per-second=0", "homeserver.ratelimit.registration.per-second=0",
				"homeserver.ratelimit.login-address.per-second=0", "homeserver.ratelimit.joins-local.per-second=0",
				"homeserver.ratelimit.room-creation.per-second=0" };
		String[] arguments = new String[settings.length];
		for (int i = 0; i < settings.length; i++) {
			arguments[i] = "--" + settings[i];
		}
		return new SpringApplicationBuilder(ModuleHostApplication.class).run(arguments);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void typingThroughOneInstanceWakesALongPollOnTheOther() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bob = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String since = bob.sync(null, 0).string("next_batch");
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		MatrixClient.Response typing = TypingTests.typing(alice, roomId, alice.userId(), Map.of("typing", true));
		assertThat(typing.status()).as(typing.toString()).isEqualTo(200);
		MatrixClient.Response woken = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(TypingTests.typingUsers(woken, roomId)).containsExactly(alice.userId());
		TypingTests.typing(alice, roomId, alice.userId(), Map.of("typing", false));
		String next = woken.string("next_batch");
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(TypingTests.typingUsers(bob.sync(next, 0), roomId)).isEmpty());
	}

	@Test
	void aReceiptThroughOneInstanceIsInTheOthersSync() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bob = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String eventId = bob.sendMessage(roomId, "read this");
		String since = bob.sync(null, 0).string("next_batch");
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		assertThat(ReceiptsTests.receipt(alice, roomId, "m.read", eventId, Map.of()).status()).isEqualTo(200);
		MatrixClient.Response woken = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(ReceiptsTests.readers(woken, roomId, eventId, "m.read")).containsOnlyKeys(alice.userId());
		assertThat(UnreadCountsTests.unread(alice.on(port(second)).sync(null, 0), roomId))
			.containsEntry("notification_count", 0);
	}

}

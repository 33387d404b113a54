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
import org.modulehost.homeserver.sync.Notifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Presence across two instances sharing one PostgreSQL database: a change through one wakes the
 * other's long polls, and a user syncing only on the instance that does not run the timeouts
 * stays online until they stop. Skipped unless {@code MODULEHOST_TEST_POSTGRES_URL} (with
 * {@code _USER}, {@code _PASSWORD}) is set.
 */
class PresenceScaleOutTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String SCHEMA = "hs_presence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

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
			try (Connection connection = DriverManager.getConnection(url(""),
					System.getenv("MODULEHOST_TEST_POSTGRES_USER"), System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	private static String url(String schema) {
		String url = System.getenv("MODULEHOST_TEST_POSTGRES_URL");
		return schema.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private static ConfigurableApplicationContext instance(String name) {
		String[] settings = { "server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + url(SCHEMA),
				"spring.datasource.username=" + System.getenv("MODULEHOST_TEST_POSTGRES_USER"),
				"spring.datasource.password=" + System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"),
				"spring.flyway.schemas=" + SCHEMA, "spring.flyway.default-schema=" + SCHEMA,
				"modulehost.instance.name=" + name, "modulehost.instance.background-tasks=first",
				"homeserver.passwords.bcrypt-rounds=4", "homeserver.registration.enabled=true",
				"homeserver.registration.allow-without-verification=true",
				"homeserver.ratelimit.login-address.per-second=0", "homeserver.ratelimit.login-account.per-second=0",
				"homeserver.ratelimit.registration.per-second=0", "homeserver.ratelimit.joins-local.per-second=0",
				"homeserver.ratelimit.room-creation.per-second=0", "homeserver.presence.offline-after=1s" };
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
	void aPresenceChangeThroughOneInstanceWakesALongPollOnTheOther() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bobOnSecond.join(roomId).status()).isEqualTo(200);
		String since = bobOnSecond.sync(null, 0).string("next_batch");
		Notifier notifier = second.getBean(Notifier.class);
		int waiting = notifier.waiting();

		CompletableFuture<MatrixClient.Response> poll = bobOnSecond.syncAsync(since, 60_000);
		await().atMost(DEADLINE).until(() -> notifier.waiting() > waiting);
		PresenceSupport.set(alice, "unavailable", "on the first instance");

		MatrixClient.Response sync = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		// Alice does not sync, so with offline-after=1s she may already be offline again: the
		// status message is what tells this update.
		assertThat(PresenceSupport.eventsOf(sync, alice.userId())).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsEntry("status_msg",
					"on the first instance"));
	}

	@Test
	void aUserSyncingOnlyOnTheOtherInstanceStaysOnlineUntilTheyStop() throws Exception {
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).register(MatrixClient.unique("bob"));
		String since = bobOnSecond.sync(null, 0).string("next_batch");
		long start = System.nanoTime();

		// Four times offline-after: the first instance, which runs the timeouts, would have taken
		// bob offline (and so woken this poll) had it not seen him syncing on the second.
		MatrixClient.Response poll = bobOnSecond.syncAsync(since, 4_000).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3_900));
		assertThat(PresenceSupport.eventsOf(poll, bobOnSecond.userId())).isEmpty();
		MatrixClient bobOnFirst = bobOnSecond.on(port(first));
		assertThat(PresenceSupport.get(bobOnFirst, bobOnFirst.userId()).body()).containsEntry("presence", "online");
		await().atMost(DEADLINE)
			.until(() -> PresenceSupport.get(bobOnFirst, bobOnFirst.userId()).body().get("presence"), "offline"::equals);
	}

}

package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.modules.ScaleOutProbe;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.sync.Notifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two homeserver instances, each a full Spring Boot application on a port of its own, share one
 * PostgreSQL database (a schema of the test's own) and one Redis server, as
 * {@code docs/scale-out.md} sets them up, with the same module loaded on both. Whatever a
 * client does through one instance, the other serves: cached function invalidations, events,
 * state, long-poll wake-ups, registration sessions, logouts. Skipped unless
 * {@code MODULEHOST_TEST_POSTGRES_URL} (with {@code _USER}, {@code _PASSWORD}) is set, as CI
 * always does.
 */
class ScaleOutTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String SHARED_SECRET = "scale-out-secret";

	private static final String POSTGRES_URL = System.getenv("MODULEHOST_TEST_POSTGRES_URL");

	private static final String POSTGRES_USER = System.getenv("MODULEHOST_TEST_POSTGRES_USER");

	private static final String POSTGRES_PASSWORD = System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD");

	private static final String SCHEMA = "hs_scaleout_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

	private static RedisProcess redis;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"Needs PostgreSQL: set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD (CI does)");
		redis = RedisProcess.start();
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
		if (redis != null) {
			redis.close();
		}
		if (HomeserverTestSupport.TestDatabase.postgres()) {
			try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	private static ConfigurableApplicationContext instance(String name) {
		String url = POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
		List<String> settings = new ArrayList<>(List.of(redis.properties()));
		settings.addAll(List.of("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
				"spring.datasource.url=" + url,
				"spring.datasource.username=" + POSTGRES_USER, "spring.datasource.password=" + POSTGRES_PASSWORD,
				"spring.flyway.schemas=" + SCHEMA, "spring.flyway.default-schema=" + SCHEMA,
				"modulehost.instance.name=" + name, "modulehost.instance.background-tasks=first",
				"modulehost.caches.invalidation.redis.enabled=true",
				"modulehost.caches.invalidation.redis.channel=" + SCHEMA,
				"modulehost.caches.invalidation.redis.heartbeat=500ms",
				"modulehost.caches.invalidation.redis.publish-timeout=300ms", "homeserver.passwords.bcrypt-rounds=4",
				"homeserver.registration.enabled=true", "homeserver.registration.allow-without-verification=true",
				"homeserver.registration.shared-secret=" + SHARED_SECRET, "homeserver.ratelimit.message.per-second=1000",
				"homeserver.ratelimit.message.burst-count=1000", "homeserver.ratelimit.invites.per-second=1000",
				"homeserver.ratelimit.invites.burst-count=1000", "homeserver.ratelimit.login-address.per-second=0",
				"homeserver.ratelimit.login-account.per-second=0",
				"homeserver.ratelimit.login-failed-attempts.per-second=0",
				"homeserver.ratelimit.registration.per-second=0", "homeserver.ratelimit.joins-local.per-second=0",
				"homeserver.ratelimit.room-creation.per-second=0", "modules[0].module=" + ScaleOutProbe.class.getName(),
				"modules[0].name=probe"));
		// As command-line arguments, like the deployment's, so they win over application.yml.
		return new SpringApplicationBuilder(ModuleHostApplication.class)
			.run(settings.stream().map((setting) -> "--" + setting).toArray(String[]::new));
	}

	@Test
	void aCachedFunctionInvalidatedOnOneInstanceIsAMissOnTheOther() {
		String user = "@" + MatrixClient.unique("dora") + ":localhost";
		ScaleOutProbe.mottos.put(user, "carpe diem");
		assertThat(probe(first).motto(user)).isEqualTo("carpe diem");
		assertThat(probe(second).motto(user)).isEqualTo("carpe diem");
		assertThat(probe(second).motto(user)).isEqualTo("carpe diem");
		assertThat(probe(second).lookups(user)).isEqualTo(1);

		probe(first).changeMotto(user, "seize the day");

		await().atMost(DEADLINE).until(() -> probe(second).motto(user), "seize the day"::equals);
		assertThat(probe(second).lookups(user)).isEqualTo(2);
		assertThat(probe(first).motto(user)).isEqualTo("seize the day");
	}

	@Test
	void afterRedisRestartsNoInstanceServesAValueInvalidatedWhileItWasDown() {
		String user = "@" + MatrixClient.unique("carol") + ":localhost";
		ScaleOutProbe.mottos.put(user, "Carol was here");
		assertThat(probe(first).motto(user)).isEqualTo("Carol was here");
		assertThat(probe(second).motto(user)).isEqualTo("Carol was here");
		double resyncs = counter(second, "modulehost.invalidations.resyncs");
		double failed = counter(first, "modulehost.invalidations.published", "outcome", "failed");

		redis.kill();
		try {
			// The invalidation cannot reach the other instance: Redis is gone.
			probe(first).changeMotto(user, "Caroline was here");
			await().atMost(DEADLINE)
				.until(() -> counter(first, "modulehost.invalidations.published", "outcome", "failed") > failed);
			assertThat(probe(second).motto(user)).isEqualTo("Carol was here");
		}
		finally {
			redis.restart();
		}

		// Once the second instance is subscribed again it has cleared its module caches...
		await().atMost(DEADLINE).until(() -> counter(second, "modulehost.invalidations.resyncs") > resyncs);
		assertThat(probe(second).motto(user)).isEqualTo("Caroline was here");
		assertThat(probe(first).motto(user)).isEqualTo("Caroline was here");
		// ...and invalidations flow again.
		await().atMost(DEADLINE).untilAsserted(() -> {
			String motto = "Caro " + UUID.randomUUID();
			probe(first).changeMotto(user, motto);
			await().atMost(Duration.ofSeconds(2)).until(() -> probe(second).motto(user), motto::equals);
		});
	}

	@Test
	void aToDeviceMessageAndAKeyChangeThroughOneInstanceWakeALongPollOnTheOther() throws Exception {
		MatrixClient alice = registerAcrossInstances(MatrixClient.unique("alice"));
		String bobName = MatrixClient.unique("bob");
		MatrixClient.at(port(second)).register(bobName, "bob's password");
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).login(bobName, "bob's password");
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bobOnSecond.join(roomId).status()).isEqualTo(200);
		Notifier secondNotifier = second.getBean(Notifier.class);

		String since = bobOnSecond.sync(null, 0).string("next_batch");
		int waiting = secondNotifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = bobOnSecond.syncAsync(since, 60_000);
		await().atMost(DEADLINE).until(() -> secondNotifier.waiting() > waiting);
		assertThat(alice.put("/_matrix/client/v3/sendToDevice/m.test/" + MatrixClient.nextTxn(),
				Map.of("messages", Map.of(bobOnSecond.userId(), Map.of(bobOnSecond.deviceId(), Map.of("hi", 1)))))
			.status()).isEqualTo(200);
		MatrixClient.Response sync = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(sync.map("to_device").get("events")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);

		String next = sync.string("next_batch");
		int waitingAgain = secondNotifier.waiting();
		CompletableFuture<MatrixClient.Response> keysPoll = bobOnSecond.syncAsync(next, 60_000);
		await().atMost(DEADLINE).until(() -> secondNotifier.waiting() > waitingAgain);
		assertThat(alice.post("/_matrix/client/v3/keys/upload", Map.of("device_keys", TestKeys.deviceKeys(alice)))
			.status()).isEqualTo(200);
		MatrixClient.Response keysSync = keysPoll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(keysSync.map("device_lists").get("changed")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains(alice.userId());
	}

	@Test
	void anEventSentThroughOneInstanceWakesALongPollOnTheOther() throws Exception {
		MatrixClient alice = registerAcrossInstances(MatrixClient.unique("alice"));
		String bobName = MatrixClient.unique("bob");
		MatrixClient.at(port(second)).register(bobName, "bob's password");
		MatrixClient bobOnSecond = MatrixClient.at(port(second)).login(bobName, "bob's password");
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "name", "Across"));
		assertThat(bobOnSecond.join(roomId).status()).isEqualTo(200);
		String since = bobOnSecond.sync(null, 0).string("next_batch");
		Notifier secondNotifier = second.getBean(Notifier.class);
		int waiting = secondNotifier.waiting();

		CompletableFuture<MatrixClient.Response> poll = bobOnSecond.syncAsync(since, 60_000);
		await().atMost(DEADLINE).until(() -> secondNotifier.waiting() > waiting);
		String eventId = alice.sendMessage(roomId, "hello from the first instance");

		MatrixClient.Response sync = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline(sync, roomId)).extracting(MatrixClient::body)
			.containsExactly("hello from the first instance");
		await().atMost(DEADLINE).until(() -> ScaleOutProbe.newEvents.containsKey(eventId));
		assertThat(ScaleOutProbe.newEvents.get(eventId)).containsExactly("first");
	}

	@Test
	void whatOneInstanceStoredTheOtherServesAtOnce() {
		MatrixClient aliceOnFirst = registerAcrossInstances(MatrixClient.unique("alice"));
		MatrixClient aliceOnSecond = aliceOnFirst.on(port(second));
		String roomId = aliceOnFirst.createRoom(Map.of("name", "Before"));
		String room = "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
		// The second instance caches the room's state and reads its timeline.
		assertThat(aliceOnSecond.get(room + "/state/m.room.name").body()).containsEntry("name", "Before");
		String since = aliceOnSecond.sync(null, 0).string("next_batch");

		assertThat(aliceOnFirst.put(room + "/state/m.room.name", Map.of("name", "After")).status()).isEqualTo(200);
		String eventId = aliceOnFirst.sendMessage(roomId, "fresh");

		// No waiting: each answer of the first instance came after its commit.
		assertThat(aliceOnSecond.get(room + "/state/m.room.name").body()).containsEntry("name", "After");
		assertThat(aliceOnSecond.get(room + "/messages?dir=b&limit=1").list("chunk")).extracting(MatrixClient::body)
			.containsExactly("fresh");
		assertThat(timeline(aliceOnSecond.sync(since, 0), roomId)).extracting(MatrixClient::body)
			.containsExactly(null, "fresh");
		assertThat(aliceOnSecond.get(room + "/event/" + MatrixClient.encode(eventId)).status()).isEqualTo(200);

		MatrixClient.Response redaction = aliceOnFirst.put(
				room + "/redact/" + MatrixClient.encode(eventId) + "/" + MatrixClient.nextTxn(), Map.of());
		assertThat(redaction.status()).as(redaction.toString()).isEqualTo(200);
		assertThat(MatrixClient.content(aliceOnSecond.get(room + "/event/" + MatrixClient.encode(eventId)).body()))
			.isEmpty();
		String nameEvent = aliceOnSecond.get(room + "/state")
			.asList()
			.stream()
			.filter((event) -> "m.room.name".equals(event.get("type")))
			.map((event) -> (String) event.get("event_id"))
			.findFirst()
			.orElseThrow();
		aliceOnFirst.put(room + "/redact/" + MatrixClient.encode(nameEvent) + "/" + MatrixClient.nextTxn(), Map.of());
		assertThat(aliceOnSecond.get(room + "/state/m.room.name").body()).doesNotContainKey("name");
	}

	@Test
	void aLostListeningConnectionIsReestablishedAndItsWaitersStillWake() throws Exception {
		MatrixClient alice = registerAcrossInstances(MatrixClient.unique("alice"));
		MatrixClient aliceOnSecond = alice.on(port(second));
		String roomId = alice.createRoom(Map.of());
		String since = aliceOnSecond.sync(null, 0).string("next_batch");
		ChangeNotifications notifications = second.getBean(ChangeNotifications.class);
		long connects = notifications.connectCount();
		Notifier secondNotifier = second.getBean(Notifier.class);
		int waiting = secondNotifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = aliceOnSecond.syncAsync(since, 60_000);
		await().atMost(DEADLINE).until(() -> secondNotifier.waiting() > waiting);

		assertThat(terminateListeningConnection("second")).isEqualTo(1);

		await().atMost(DEADLINE).until(() -> notifications.connectCount() > connects && notifications.isReceiving());
		alice.sendMessage(roomId, "after the reconnection");
		MatrixClient.Response sync = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline(sync, roomId)).extracting(MatrixClient::body).containsExactly("after the reconnection");
	}

	@Test
	void registrationMayContinueOnAnotherInstance() throws Exception {
		MatrixClient alice = registerAcrossInstances(MatrixClient.unique("alice"));
		assertThat(alice.on(port(second)).get("/_matrix/client/v3/account/whoami").string("user_id"))
			.isEqualTo(alice.userId());

		String admin = MatrixClient.unique("admin");
		String nonce = MatrixClient.at(port(first)).get("/_synapse/admin/v1/register").string("nonce");
		Map<String, Object> request = Map.of("nonce", nonce, "username", admin, "password", "pw", "admin", true,
				"mac", mac(nonce + "\0" + admin + "\0pw\0admin"));
		assertThat(MatrixClient.at(port(second)).post("/_synapse/admin/v1/register", request).status())
			.isEqualTo(200);
		MatrixClient.Response again = MatrixClient.at(port(first)).post("/_synapse/admin/v1/register", request);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.string("error")).isEqualTo("unrecognised nonce");
	}

	@Test
	void aLogoutOrProfileChangeOnOneInstanceReachesTheOther() {
		String name = MatrixClient.unique("erin");
		MatrixClient erin = MatrixClient.at(port(first)).register(name, "erin's password");
		MatrixClient session = MatrixClient.at(port(first)).login(name, "erin's password");
		MatrixClient sessionOnSecond = session.on(port(second));
		String profile = "/_matrix/client/v3/profile/" + MatrixClient.encode(erin.userId()) + "/displayname";
		// The second instance caches the token and the account.
		assertThat(sessionOnSecond.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
		assertThat(sessionOnSecond.get(profile).string("displayname")).isEqualTo(name);

		assertThat(erin.put(profile, Map.of("displayname", "Erin")).status()).isEqualTo(200);
		assertThat(session.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);

		await().atMost(DEADLINE)
			.until(() -> sessionOnSecond.get("/_matrix/client/v3/account/whoami").status() == 401);
		await().atMost(DEADLINE).until(() -> "Erin".equals(erin.on(port(second)).get(profile).string("displayname")));
		assertThat(erin.on(port(second)).get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	/** Registers through the two-step dummy flow: the first step on one instance, the second on the other. */
	private static MatrixClient registerAcrossInstances(String localpart) {
		MatrixClient.Response started = MatrixClient.at(port(first))
			.post("/_matrix/client/v3/register", Map.of("username", localpart, "password", "secret"));
		assertThat(started.status()).as(started.toString()).isEqualTo(401);
		// Without the username: the session kept it. The password is sent again (sessions keep none).
		MatrixClient.Response completed = MatrixClient.at(port(second))
			.post("/_matrix/client/v3/register", Map.of("password", "secret", "auth",
					Map.of("type", "m.login.dummy", "session", started.string("session"))));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
		assertThat(completed.string("user_id")).isEqualTo("@" + localpart + ":localhost");
		return MatrixClient.at(port(first)).login(localpart, "secret");
	}

	private static int terminateListeningConnection(String instance) throws SQLException {
		try (Connection connection = postgres(); Statement statement = connection.createStatement();
				ResultSet terminated = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM "
						+ "pg_stat_activity WHERE application_name = 'homeserver-notifications:" + instance + "'")) {
			terminated.next();
			return terminated.getInt(1);
		}
	}

	private static Connection postgres() throws SQLException {
		return DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
	}

	private static String mac(String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(SHARED_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

	private static ScaleOutProbe probe(ConfigurableApplicationContext context) {
		return (ScaleOutProbe) context.getBean("module:probe");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static double counter(ConfigurableApplicationContext context, String name, String... tags) {
		return context.getBean(MeterRegistry.class).find(name).tags(tags).counters().stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> timeline(MatrixClient.Response sync, String roomId) {
		Map<String, Object> join = (Map<String, Object>) sync.map("rooms").get("join");
		Map<String, Object> room = (Map<String, Object>) join.get(roomId);
		assertThat(room).as("room %s in %s", roomId, sync).isNotNull();
		return (List<Map<String, Object>>) ((Map<String, Object>) room.get("timeline")).get("events");
	}

}

package org.modulehost.homeserver;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.app.ModuleHostApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the homeserver (as {@code kill -9} does) in the middle of a search index build, and
 * finds that what was committed is exactly what the stored progress says, that the restarted
 * server resumes from there, and that it ends with the same index as an uninterrupted build.
 */
class SearchIndexCrashTests {

	private static final String ADMIN = "/_synapse/admin/v1/background_updates";

	private static final int MESSAGES = 600;

	@TempDir
	Path directory;

	private final List<Process> processes = new ArrayList<>();

	private final String schema = "hs_idx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

	@AfterEach
	void stopServers() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void aBuildKilledMidwayResumesWithoutRepeatingCommittedBatchesAndEndsWithTheSameIndex() throws Exception {
		int port = freePort();
		Process first = start(port, "first");
		MatrixClient admin = MatrixClient.at(port).register("crashadmin");
		String roomId = admin.createRoom(Map.of("name", "Index me", "topic", "crash topic"));
		ExecutorService senders = Executors.newFixedThreadPool(4);
		for (int i = 0; i < MESSAGES; i++) {
			int n = i;
			senders.execute(() -> admin.sendMessage(roomId, "message " + n + " word" + (n % 37) + " alpha" + (n % 11)));
		}
		senders.shutdown();
		assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
		assertThat(admin.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_search_index")).status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> lastIndexed(admin) > 0);
		first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

		Map<String, Object> progress = progress();
		long last = ((Number) progress.get("last_stream_ordering")).longValue();
		long max = ((Number) progress.get("max_stream_ordering")).longValue();
		assertThat(last).as("killed in the middle of the build").isGreaterThan(0).isLessThan(max);
		List<String> killed = dump();
		assertThat(killed).as("nothing after the committed progress").allSatisfy((row) ->
				assertThat(Long.parseLong(row.split("\\|")[1])).isLessThanOrEqualTo(last));

		Process second = start(port, "second");
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> pending(admin).isEmpty());
		second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		List<String> resumed = dump();
		assertThat(resumed).containsAll(killed);

		start(port, "third");
		assertThat(admin.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_search_index")).status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> pending(admin).isEmpty());
		this.processes.forEach(Process::destroyForcibly);
		this.processes.get(2).waitFor(30, TimeUnit.SECONDS);
		List<String> uninterrupted = dump();

		assertThat(resumed).hasSizeGreaterThanOrEqualTo(MESSAGES + 2).isEqualTo(uninterrupted);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> pending(MatrixClient admin) {
		MatrixClient.Response status = admin.get(ADMIN + "/status");
		assertThat(status.status()).as(status.toString()).isEqualTo(200);
		return (List<Map<String, Object>>) status.body().get("pending_updates");
	}

	@SuppressWarnings("unchecked")
	private static long lastIndexed(MatrixClient admin) {
		return pending(admin).stream()
			.filter((update) -> "event_search".equals(update.get("name")))
			.map((update) -> ((Map<String, Object>) update.get("progress")).get("last_stream_ordering"))
			.mapToLong((value) -> ((Number) value).longValue())
			.findFirst()
			.orElse(0);
	}

	private Map<String, Object> progress() throws SQLException {
		try (Connection connection = connect(); Statement sql = connection.createStatement();
				ResultSet rows = sql.executeQuery(
						"SELECT progress_json FROM hs_background_updates WHERE update_name = 'event_search'")) {
			assertThat(rows.next()).as("the build is still pending").isTrue();
			return JsonMapper.builder().build().readValue(rows.getString(1), Map.class);
		}
	}

	/** The index, a row per line: event|position|key|terms. */
	private List<String> dump() throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = connect(); Statement sql = connection.createStatement()) {
			boolean postgres = HomeserverTestSupport.TestDatabase.postgres();
			String query = postgres
					? "SELECT event_id, stream_ordering, search_key, vector::text FROM hs_event_search ORDER BY stream_ordering"
					: "SELECT s.event_id, s.stream_ordering, s.search_key, (SELECT LISTAGG(t.term || ':' || t.occurrences, ' ') "
							+ "WITHIN GROUP (ORDER BY t.term) FROM hs_event_search_terms t WHERE t.stream_ordering = "
							+ "s.stream_ordering) FROM hs_event_search s ORDER BY s.stream_ordering";
			try (ResultSet result = sql.executeQuery(query)) {
				while (result.next()) {
					rows.add(result.getString(1) + "|" + result.getLong(2) + "|" + result.getString(3) + "|"
							+ result.getString(4));
				}
			}
			if (!postgres) {
				try (ResultSet orphans = sql.executeQuery("SELECT COUNT(*) FROM hs_event_search_terms t WHERE NOT EXISTS "
						+ "(SELECT 1 FROM hs_event_search s WHERE s.stream_ordering = t.stream_ordering)")) {
					orphans.next();
					assertThat(orphans.getLong(1)).as("terms without their event row").isZero();
				}
			}
		}
		return rows;
	}

	private Connection connect() throws SQLException {
		if (HomeserverTestSupport.TestDatabase.postgres()) {
			String url = System.getenv(HomeserverTestSupport.TestDatabase.POSTGRES_URL);
			return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + this.schema,
					System.getenv("MODULEHOST_TEST_POSTGRES_USER"), System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
		}
		return DriverManager.getConnection("jdbc:h2:file:" + this.directory.resolve("data/homeserver"));
	}

	private Process start(int port, String name) throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classPath, ModuleHostApplication.class.getName(),
				"--server.port=" + port, "--management.server.port=0", "--homeserver.passwords.bcrypt-rounds=4",
				"--homeserver.registration.enabled=true", "--homeserver.registration.allow-without-verification=true",
				"--homeserver.admins[0]=crashadmin", "--homeserver.ratelimit.message.per-second=0",
				"--homeserver.ratelimit.registration.per-second=0", "--homeserver.ratelimit.login-address.per-second=0",
				"--homeserver.ratelimit.room-creation.per-second=0", "--homeserver.ratelimit.joins-local.per-second=0",
				// Small, paced batches: the build takes long enough to be killed in the middle.
				"--homeserver.background-updates.default-batch-size=10",
				"--homeserver.background-updates.min-batch-size=10",
				"--homeserver.background-updates.target-duration=1ms",
				"--homeserver.background-updates.sleep-duration=40ms",
				"--homeserver.background-updates.poll-interval=200ms", "--logging.level.root=WARN"));
		if (HomeserverTestSupport.TestDatabase.postgres()) {
			String url = System.getenv(HomeserverTestSupport.TestDatabase.POSTGRES_URL);
			command.add("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + this.schema);
			command.add("--spring.datasource.username=" + System.getenv("MODULEHOST_TEST_POSTGRES_USER"));
			command.add("--spring.datasource.password=" + System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
			command.add("--spring.flyway.schemas=" + this.schema);
			command.add("--spring.flyway.default-schema=" + this.schema);
		}
		else {
			command.add("--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("data/homeserver")
					+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
		}
		File log = this.directory.resolve(name + ".log").toFile();
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		this.processes.add(process);
		MatrixClient probe = MatrixClient.at(port);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("The homeserver exited: " + Files.readString(log.toPath()));
			}
			try {
				return probe.get("/_matrix/client/versions").status() == 200;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		});
		return process;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

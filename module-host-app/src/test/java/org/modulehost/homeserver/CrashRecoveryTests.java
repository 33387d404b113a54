package org.modulehost.homeserver;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.app.ModuleHostApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the homeserver (as {@code kill -9} does) while clients are sending, restarts it on the
 * same database, and finds every event whose send was acknowledged.
 */
class CrashRecoveryTests {

	@TempDir
	Path directory;

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stopServers() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void everyAcknowledgedEventSurvivesAKillAndARestart() throws Exception {
		String schema = "hs_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		int port = freePort();
		Process first = start(port, schema, "first");
		MatrixClient alice = MatrixClient.at(port).register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "Durable"));
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch enough = new CountDownLatch(150);
		ExecutorService senders = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 4; i++) {
			int sender = i;
			senders.execute(() -> {
				for (int n = 0; running.get(); n++) {
					try {
						MatrixClient.Response response = alice.send(roomId, "m.room.message",
								"crash-" + sender + "-" + n, Map.of("msgtype", "m.text", "body", sender + "/" + n));
						if (response.status() == 200) {
							acknowledged.add(response.string("event_id"));
							enough.countDown();
						}
					}
					catch (IllegalStateException ex) {
						return;
					}
				}
			});
		}
		assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
		first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		running.set(false);
		senders.shutdown();
		assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		Set<String> snapshot = Set.copyOf(acknowledged);
		assertThat(snapshot).hasSizeGreaterThanOrEqualTo(150);

		start(port, schema, "second");
		Set<String> found = new HashSet<>();
		String from = null;
		do {
			MatrixClient.Response page = alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
					+ "/messages?dir=b&limit=100" + ((from != null) ? "&from=" + MatrixClient.encode(from) : ""));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.list("chunk").forEach((event) -> found.add((String) event.get("event_id")));
			from = page.string("end");
		}
		while (from != null);
		assertThat(found).containsAll(snapshot);
		assertThat(alice.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.name/")
			.body()).containsEntry("name", "Durable");
	}

	private Process start(int port, String schema, String name) throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classPath, ModuleHostApplication.class.getName(),
				"--server.port=" + port, "--management.server.port=0", "--homeserver.passwords.bcrypt-rounds=4",
				"--homeserver.registration.enabled=true", "--homeserver.registration.allow-without-verification=true",
				"--homeserver.ratelimit.message.per-second=0", "--homeserver.ratelimit.registration.per-second=0",
				"--homeserver.ratelimit.login-address.per-second=0", "--homeserver.ratelimit.room-creation.per-second=0",
				"--homeserver.ratelimit.joins-local.per-second=0", "--logging.level.root=WARN"));
		if (HomeserverTestSupport.TestDatabase.postgres()) {
			String url = System.getenv(HomeserverTestSupport.TestDatabase.POSTGRES_URL);
			command.add("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
			command.add("--spring.datasource.username=" + System.getenv("MODULEHOST_TEST_POSTGRES_USER"));
			command.add("--spring.datasource.password=" + System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
			command.add("--spring.flyway.schemas=" + schema);
			command.add("--spring.flyway.default-schema=" + schema);
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

package org.modulehost.homeserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.background.BackgroundUpdate;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.homeserver.storage.Database;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Background updates over real HTTP and a real database: Synapse's admin API (status, enabled,
 * start_job), the search index and user directory rebuilds, dependencies, and a failing batch
 * retried with back-off and reported.
 */
@TestPropertySource(properties = { "homeserver.admins[0]=bgadmin", "homeserver.background-updates.sleep-duration=0ms",
		"homeserver.background-updates.poll-interval=100ms", "homeserver.background-updates.retry-backoff=50ms",
		"homeserver.background-updates.max-retry-backoff=400ms", "homeserver.search.ratelimit.per-second=1000",
		"homeserver.search.ratelimit.burst-count=1000", "homeserver.user-directory.search-all-users=true" })
@Import(BackgroundUpdatesTests.Recording.class)
class BackgroundUpdatesTests extends HomeserverTestSupport {

	private static final String ADMIN = "/_synapse/admin/v1/background_updates";

	@Autowired
	BackgroundUpdateStore store;

	@Autowired
	Database db;

	@Autowired
	Recording recording;

	@Autowired
	Environment environment;

	@AfterEach
	void enableAgain() {
		this.store.setEnabled(true);
	}

	@Test
	void theAdminApiAnswersServerAdminsOnly() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertError(alice.get(ADMIN + "/status"), 403, "M_FORBIDDEN");
		assertError(alice.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_directory")), 403, "M_FORBIDDEN");
		assertError(alice.post(ADMIN + "/enabled", Map.of("enabled", false)), 403, "M_FORBIDDEN");
		assertError(client().get(ADMIN + "/status"), 401, "M_MISSING_TOKEN");
	}

	@Test
	void theStatusHasSynapsesShape() {
		MatrixClient.Response status = admin().get(ADMIN + "/status");
		assertThat(status.status()).as(status.toString()).isEqualTo(200);
		assertThat(status.body()).containsEntry("enabled", true).containsKey("current_updates");
		assertThat(status.body().get("current_updates")).isInstanceOf(Map.class);
	}

	@Test
	void badJobNamesAndEnabledValuesAreRefused() {
		MatrixClient admin = admin();
		assertError(admin.post(ADMIN + "/start_job", Map.of("job_name", "populate_everything")), 400, "M_UNKNOWN");
		assertError(admin.post(ADMIN + "/start_job", Map.of()), 400, "M_MISSING_PARAM");
		assertError(admin.post(ADMIN + "/enabled", Map.of("enabled", "no")), 400, "M_INVALID_PARAM");
	}

	@Test
	void regeneratingTheSearchIndexRefillsItFromTheStoredEventsWhileUpdatesAreEnabled() {
		MatrixClient admin = admin();
		String room = admin.createRoom(Map.of());
		for (int i = 0; i < 30; i++) {
			admin.sendMessage(room, "rebuildable message " + i);
		}
		assertThat(searchCount(admin, "rebuildable")).isEqualTo(30);
		MatrixClient.Response disabled = admin.post(ADMIN + "/enabled", Map.of("enabled", false));
		assertThat(disabled.body()).containsEntry("enabled", false);

		assertThat(admin.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_search_index")).status())
			.isEqualTo(200);
		assertThat(searchCount(admin, "rebuildable")).isZero();
		assertError(admin.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_search_index")), 400, "M_UNKNOWN");
		assertThat(pendingNames(admin)).contains("event_search");

		assertThat(admin.post(ADMIN + "/enabled", Map.of("enabled", true)).body()).containsEntry("enabled", true);
		await().atMost(Duration.ofSeconds(30)).until(() -> !pendingNames(admin).contains("event_search"));
		assertThat(searchCount(admin, "rebuildable")).isEqualTo(30);
	}

	@Test
	void regeneratingTheDirectoryRebuildsUserSearchAndDropsStaleRows() {
		MatrixClient admin = admin();
		String localpart = MatrixClient.unique("zebrafinch");
		client().register(localpart);
		JdbcClient jdbc = this.db.jdbc();
		jdbc.sql("DELETE FROM hs_user_directory").update();
		jdbc.sql("INSERT INTO hs_user_directory (user_id, user_id_lower) VALUES ('@ghost:localhost', '@ghost:localhost')")
			.update();
		assertThat(directory(admin, localpart)).isEmpty();

		assertThat(admin.post(ADMIN + "/start_job", Map.of("job_name", "regenerate_directory")).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30)).until(() -> pendingNames(admin).isEmpty());
		assertThat(directory(admin, localpart)).hasSize(1);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM hs_user_directory WHERE user_id = '@ghost:localhost'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aBatchThatThrowsIsRetriedWithBackOffAndReportedAndItsDependentWaits() {
		MatrixClient admin = admin();
		this.store.setEnabled(false);
		this.store.queue(Recording.FLAKY, Map.of(), null, 1);
		this.store.queue(Recording.AFTER, Map.of(), Recording.FLAKY, 2);
		this.store.setEnabled(true);

		// The update keeps failing until released, so the status is checked while it does.
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(admin).stream()
			.anyMatch((update) -> Recording.FLAKY.equals(update.get("name"))
					&& update.get("failures") instanceof Integer failures && failures >= 2
					&& String.valueOf(update.get("last_error")).contains("flaky batch")));
		assertThat(this.recording.runs).doesNotContain(Recording.AFTER);
		this.recording.released = true;
		await().atMost(Duration.ofSeconds(30)).until(() -> pendingNames(admin).isEmpty());

		List<String> runs = this.recording.runs;
		assertThat(runs).hasSizeGreaterThanOrEqualTo(5).endsWith(Recording.FLAKY, Recording.AFTER);
		assertThat(runs.subList(0, runs.size() - 1)).containsOnly(Recording.FLAKY);
		List<Long> times = this.recording.times;
		// Back-off of 50, 100, then 200 ms.
		assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(45);
		assertThat(times.get(3) - times.get(2)).isGreaterThanOrEqualTo(190)
			.isGreaterThan(times.get(1) - times.get(0));
	}

	@Test
	void theActuatorShowsTheSameStatusToOperators() throws Exception {
		String management = this.environment.getProperty("local.management.port");
		int port = Integer.parseInt((management != null) ? management : this.environment.getProperty("local.server.port"));
		HttpResponse<String> view = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/backgroundupdates")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(view.statusCode()).isEqualTo(200);
		assertThat(view.body()).contains("\"enabled\":true", "\"current_updates\"", "\"pending_updates\"");
	}

	private MatrixClient admin() {
		try {
			return client().login("bgadmin", "correct horse battery staple");
		}
		catch (AssertionError ex) {
			return client().register("bgadmin");
		}
	}

	private static int searchCount(MatrixClient client, String term) {
		MatrixClient.Response response = SearchTests.search(client, Map.of("search_term", term));
		return (Integer) SearchTests.roomEvents(response).get("count");
	}

	private static List<?> directory(MatrixClient client, String term) {
		MatrixClient.Response response = client.post("/_matrix/client/v3/user_directory/search",
				Map.of("search_term", term));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list("results");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> pending(MatrixClient admin) {
		MatrixClient.Response status = admin.get(ADMIN + "/status");
		assertThat(status.status()).as(status.toString()).isEqualTo(200);
		return (List<Map<String, Object>>) status.body().get("pending_updates");
	}

	private static List<String> pendingNames(MatrixClient admin) {
		return pending(admin).stream().map((update) -> (String) update.get("name")).toList();
	}

	private static void assertError(MatrixClient.Response response, int status, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.errcode()).as(response.toString()).isEqualTo(errcode);
	}

	/**
	 * Two test updates: one whose batches throw until the test releases it (at least three), and
	 * one that depends on it.
	 */
	@TestConfiguration
	static class Recording {

		static final String FLAKY = "test_flaky";

		static final String AFTER = "test_after_flaky";

		final List<String> runs = new CopyOnWriteArrayList<>();

		final List<Long> times = new CopyOnWriteArrayList<>();

		private final AtomicInteger failures = new AtomicInteger();

		volatile boolean released;

		@Bean
		BackgroundUpdate flakyUpdate() {
			return new BackgroundUpdate() {

				@Override
				public String name() {
					return FLAKY;
				}

				@Override
				public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
					Recording.this.runs.add(FLAKY);
					Recording.this.times.add(System.nanoTime() / 1_000_000);
					if (!Recording.this.released || Recording.this.failures.get() < 3) {
						Recording.this.failures.incrementAndGet();
						throw new IllegalStateException("flaky batch");
					}
					return Batch.done(1);
				}

			};
		}

		@Bean
		BackgroundUpdate afterFlakyUpdate() {
			return new BackgroundUpdate() {

				@Override
				public String name() {
					return AFTER;
				}

				@Override
				public Batch run(JdbcClient jdbc, Map<String, Object> progress, int batchSize) {
					Recording.this.runs.add(AFTER);
					return Batch.done(1);
				}

			};
		}

	}

}

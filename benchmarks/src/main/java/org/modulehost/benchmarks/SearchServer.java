package org.modulehost.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.storage.Database;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A homeserver for the search benchmarks: H2 in a temporary file, or PostgreSQL in a fresh
 * schema of the database named by {@code MODULEHOST_BENCH_POSTGRES_URL} (or
 * {@code MODULEHOST_TEST_POSTGRES_URL}, with their {@code _USER} and {@code _PASSWORD}); one
 * administrator, {@code bench}, in one room, which {@link #load} fills with messages straight
 * through SQL (each body: {@code message <n> w<a>x w<b>x w<c>x} from a vocabulary of 1,000 words,
 * none a prefix of another).
 */
final class SearchServer implements AutoCloseable {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	final ConfigurableApplicationContext context;

	final Database db;

	final String base;

	final String token;

	final String userId;

	final String roomId;

	private SearchServer(ConfigurableApplicationContext context, String base, String token, String userId,
			String roomId) {
		this.context = context;
		this.db = context.getBean(Database.class);
		this.base = base;
		this.token = token;
		this.userId = userId;
		this.roomId = roomId;
	}

	static boolean postgresAvailable() {
		return postgresUrl() != null;
	}

	private static String postgresUrl() {
		for (String name : List.of("MODULEHOST_BENCH_POSTGRES_URL", "MODULEHOST_TEST_POSTGRES_URL")) {
			String url = System.getenv(name);
			if (url != null && !url.isBlank()) {
				return url;
			}
		}
		return null;
	}

	private static String postgresSetting(String suffix) {
		String bench = System.getenv("MODULEHOST_BENCH_POSTGRES_" + suffix);
		return (bench != null) ? bench : System.getenv("MODULEHOST_TEST_POSTGRES_" + suffix);
	}

	static SearchServer start(String database, List<String> extra) throws Exception {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--homeserver.passwords.bcrypt-rounds=4",
				"--homeserver.ratelimit.message.per-second=0", "--homeserver.search.ratelimit.per-second=0",
				"--homeserver.registration.enabled=true", "--homeserver.registration.allow-without-verification=true",
				"--homeserver.admins[0]=bench", "--management.server.port=-1", "--logging.level.root=WARN",
				"--spring.main.banner-mode=off", "--spring.jmx.enabled=false"));
		if (database.equals("postgres")) {
			String url = postgresUrl();
			BenchmarkContexts.check(url != null,
					"database=postgres needs MODULEHOST_BENCH_POSTGRES_URL (or MODULEHOST_TEST_POSTGRES_URL)");
			String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
			args.add("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
			args.add("--spring.datasource.username=" + postgresSetting("USER"));
			args.add("--spring.datasource.password=" + postgresSetting("PASSWORD"));
			args.add("--spring.flyway.schemas=" + schema);
			args.add("--spring.flyway.default-schema=" + schema);
		}
		else {
			Path directory = Files.createTempDirectory("search-benchmark");
			args.add("--spring.datasource.url=jdbc:h2:file:" + directory.resolve("homeserver")
					+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
		}
		args.addAll(extra);
		ConfigurableApplicationContext context = SpringApplication.run(ModuleHostApplication.class,
				args.toArray(String[]::new));
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		String base = "http://localhost:" + port;
		Map<?, ?> registered = post(base + "/_matrix/client/v3/register", null,
				Map.of("username", "bench", "password", "bench", "auth", Map.of("type", "m.login.dummy")));
		String token = (String) registered.get("access_token");
		Map<?, ?> room = post(base + "/_matrix/client/v3/createRoom", token, Map.of("name", "Search benchmark"));
		return new SearchServer(context, base, token, (String) registered.get("user_id"), (String) room.get("room_id"));
	}

	/**
	 * Stores messages in the room straight through SQL, after the stream's current position,
	 * and moves the stream on past them; they are not indexed.
	 * @param rows how many
	 */
	void load(int rows) {
		long start = this.db.currentPosition();
		String range = this.db.isShared() ? "(SELECT generate_series(1, ?) AS g) t"
				: "(SELECT X AS g FROM SYSTEM_RANGE(1, ?)) t";
		int chunk = 100_000;
		for (int from = 0; from < rows; from += chunk) {
			int count = Math.min(chunk, rows - from);
			long offset = start + from;
			this.db.transaction((jdbc) -> jdbc
				.sql("INSERT INTO hs_events (stream_ordering, event_id, room_id, sender, event_type, state_key, content, "
						+ "unsigned_data, origin_server_ts) SELECT g + ?, '$bench' || (g + ?), ?, ?, 'm.room.message', NULL, "
						+ "'{\"msgtype\":\"m.text\",\"body\":\"message ' || (g + ?) || ' w' || MOD(g + ?, 1000) || 'x w' "
						+ "|| MOD((g + ?) * 7, 997) || 'x w' || MOD((g + ?) * 13, 991) || 'x\"}', '{}', 0 FROM " + range)
				.params(offset, offset, this.roomId, this.userId, offset, offset, offset, offset, count)
				.update());
		}
		this.db.transaction((jdbc) -> jdbc
			.sql("UPDATE hs_stream_positions SET stream_position = ? WHERE stream_name = 'main'")
			.param(start + rows)
			.update());
		this.db.published(start + rows);
	}

	HttpResponse<String> search(String term) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/_matrix/client/v3/search"))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
					Map.of("search_categories", Map.of("room_events", Map.of("search_term", term))))))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static Map<?, ?> post(String url, String token, Object body) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " failed: " + response.statusCode() + " " + response.body());
		}
		return json.readValue(response.body(), Map.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}

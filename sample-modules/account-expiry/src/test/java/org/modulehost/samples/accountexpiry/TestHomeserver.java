package org.modulehost.samples.accountexpiry;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.ModuleTestHost;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reference homeserver for the module's tests: a database of its own (in-memory H2, or a
 * fresh schema of the PostgreSQL database named by {@code MODULEHOST_TEST_POSTGRES_URL}), a
 * clock the test moves, and a Matrix client's view of it.
 */
final class TestHomeserver {

	static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The homeserver's administrators; tests that move the clock by more than a period expire
	 * every account, administrators included, so each test registers an administrator of its own.
	 */
	private static final List<String> ADMINS = IntStream.rangeClosed(1, 20).mapToObj((i) -> "admin-" + i).toList();

	private static final AtomicInteger nextAdmin = new AtomicInteger();

	private TestHomeserver() {
	}

	/**
	 * Describes a homeserver with a test clock, fast password hashing and administrators
	 * {@code admin-1} to {@code admin-20}.
	 * @param database the database's name (a fresh one per host, or the same to restart on it)
	 * @return the builder
	 */
	static ModuleTestHost.Builder builder(String database) {
		// YAML rather than property(): the builder's properties are defaults, which the
		// homeserver's own application.yml (its spring.datasource.url, its server.port) overrides
		Map<String, Object> datasource = new LinkedHashMap<>();
		Map<String, Object> flyway = new LinkedHashMap<>();
		String postgres = System.getenv("MODULEHOST_TEST_POSTGRES_URL");
		if (postgres != null && !postgres.isBlank()) {
			datasource.put("url", postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + database);
			datasource.put("username", System.getenv("MODULEHOST_TEST_POSTGRES_USER"));
			datasource.put("password", System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"));
			flyway.put("schemas", database);
			flyway.put("default-schema", database);
		}
		else {
			datasource.put("url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
		}
		Map<String, Object> spring = new LinkedHashMap<>();
		spring.put("datasource", datasource);
		if (!flyway.isEmpty()) {
			spring.put("flyway", flyway);
		}
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("spring", spring);
		document.put("server", Map.of("port", 0));
		document.put("homeserver", Map.of("admins", ADMINS, "passwords", Map.of("bcrypt-rounds", 4)));
		return ModuleTestHost.builder()
			.application(ModuleHostApplication.class, TestClockConfiguration.class)
			.yaml(json.writeValueAsString(document));
	}

	/**
	 * Returns a fresh database name.
	 * @return the name
	 */
	static String freshDatabase() {
		return "expiry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * Registers a user through the dummy flow.
	 * @param host the homeserver
	 * @param localpart the localpart
	 * @return the user
	 */
	static Account register(ModuleTestHost host, String localpart) {
		HttpResponse<String> response = host.post("/_matrix/client/v3/register", json.writeValueAsString(Map.of(
				"username", localpart, "password", "secret-" + localpart, "auth", Map.of("type", "m.login.dummy"))));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Registering " + localpart + ": " + response.statusCode() + " " + response.body());
		}
		JsonNode body = json.readTree(response.body());
		return new Account(body.get("user_id").asString(), body.get("access_token").asString());
	}

	/**
	 * Registers one of the administrators not registered yet.
	 * @param host the homeserver
	 * @return the administrator
	 */
	static Account registerAdmin(ModuleTestHost host) {
		return register(host, ADMINS.get(nextAdmin.getAndIncrement()));
	}

	/**
	 * Sends a request with a user's access token.
	 * @param host the homeserver
	 * @param method the method
	 * @param path the path
	 * @param body a body to send as JSON (a string is sent as it is), or {@code null}
	 * @param account the user
	 * @return the response
	 */
	static HttpResponse<String> send(ModuleTestHost host, String method, String path, Object body, Account account) {
		String text = (body == null || body instanceof String) ? (String) body : json.writeValueAsString(body);
		return host.request(method, path, text, "Authorization", "Bearer " + account.accessToken());
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * A registered user.
	 *
	 * @param userId the user ID
	 * @param accessToken an access token
	 */
	record Account(String userId, String accessToken) {

	}

	/**
	 * A clock that stands still until the test moves it.
	 */
	static final class MutableClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("The test clock is in UTC");
		}

	}

	/**
	 * Replaces the homeserver's clock.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TestClockConfiguration {

		@Bean
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}

package org.modulehost.samples.accountexpiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.app.mail.Mailbox;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reference homeserver for the module's tests: a database of its own (in-memory H2, or a
 * fresh schema of the PostgreSQL database named by {@code MODULEHOST_TEST_POSTGRES_URL}), a
 * clock the test moves, and administrators.
 */
final class TestHomeserver {

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
		ModuleTestHost.Builder builder = MatrixTestClient
			.homeserver(ModuleHostApplication.class, TestClockConfiguration.class)
			.property("homeserver.admins", String.join(",", ADMINS));
		String postgres = System.getenv("MODULEHOST_TEST_POSTGRES_URL");
		if (postgres == null || postgres.isBlank()) {
			return builder.property("spring.datasource.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
		}
		builder.property("spring.datasource.url",
				postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + database)
			.property("spring.flyway.schemas", database)
			.property("spring.flyway.default-schema", database);
		String username = System.getenv("MODULEHOST_TEST_POSTGRES_USER");
		String password = System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD");
		if (username != null) {
			builder.property("spring.datasource.username", username);
		}
		if (password != null) {
			builder.property("spring.datasource.password", password);
		}
		return builder;
	}

	/**
	 * Returns a fresh database name.
	 * @return the name
	 */
	/**
	 * Points a homeserver's e-mail at the test SMTP server ({@link Mailbox}, from the homeserver's
	 * test jar), as the application "Example Chat".
	 * @param builder the homeserver
	 * @return the builder
	 */
	static ModuleTestHost.Builder sendingMail(ModuleTestHost.Builder builder) {
		return builder.property("spring.mail.host", "127.0.0.1")
			.property("spring.mail.port", Mailbox.port())
			.property("homeserver.email.enabled", "true")
			.property("homeserver.email.app-name", "Example Chat")
			.property("homeserver.email.notif-from", "%(app)s <noreply@example.org>");
	}

	static String freshDatabase() {
		return "expiry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * Registers one of the administrators not registered yet.
	 * @param matrix a client of the homeserver
	 * @return the administrator
	 */
	static User registerAdmin(MatrixTestClient matrix) {
		return matrix.register(ADMINS.get(nextAdmin.getAndIncrement()));
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

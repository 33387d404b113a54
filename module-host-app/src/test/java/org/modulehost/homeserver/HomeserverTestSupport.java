package org.modulehost.homeserver;

import java.util.UUID;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the homeserver on a random port against a database of its own: a fresh in-memory H2
 * database, or, when {@code MODULEHOST_TEST_POSTGRES_URL} (and {@code _USER}, {@code _PASSWORD})
 * is set, a fresh schema in that PostgreSQL database. Subclasses drive it as a client does.
 */
@SpringBootTest(classes = ModuleHostApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "homeserver.passwords.bcrypt-rounds=4", "homeserver.registration.enabled=true",
				"homeserver.registration.allow-without-verification=true", "homeserver.ratelimit.message.per-second=1000",
				"homeserver.ratelimit.message.burst-count=1000", "homeserver.ratelimit.invites.per-second=1000",
				"homeserver.ratelimit.invites.burst-count=1000", "homeserver.ratelimit.invites-per-room.per-second=1000",
				"homeserver.ratelimit.invites-per-room.burst-count=1000",
				"homeserver.ratelimit.invites-per-issuer.per-second=1000",
				"homeserver.ratelimit.invites-per-issuer.burst-count=1000",
				// every test registers and logs in from 127.0.0.1
				"homeserver.ratelimit.login-address.per-second=1000", "homeserver.ratelimit.login-address.burst-count=1000",
				"homeserver.ratelimit.login-account.per-second=1000", "homeserver.ratelimit.login-account.burst-count=1000",
				"homeserver.ratelimit.login-failed-attempts.per-second=1000",
				"homeserver.ratelimit.login-failed-attempts.burst-count=1000",
				"homeserver.ratelimit.registration.per-second=1000", "homeserver.ratelimit.registration.burst-count=1000",
				"homeserver.ratelimit.joins-local.per-second=1000", "homeserver.ratelimit.joins-local.burst-count=1000",
				"homeserver.ratelimit.room-creation.per-second=1000",
				"homeserver.ratelimit.room-creation.burst-count=1000" })
abstract class HomeserverTestSupport {

	@LocalServerPort
	int port;

	MatrixClient client() {
		return MatrixClient.at(this.port);
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	/**
	 * The database of a test context.
	 */
	static final class TestDatabase {

		static final String POSTGRES_URL = "MODULEHOST_TEST_POSTGRES_URL";

		private TestDatabase() {
		}

		static boolean postgres() {
			String url = System.getenv(POSTGRES_URL);
			return url != null && !url.isBlank();
		}

		static void register(DynamicPropertyRegistry registry) {
			String name = "hs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			// Media files of the context in a directory of its own, not in the working directory.
			registry.add("homeserver.media.store-path",
					() -> java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "modulehost-media-" + name)
						.toString());
			if (postgres()) {
				String url = System.getenv(POSTGRES_URL);
				registry.add("spring.datasource.url",
						() -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
				registry.add("spring.datasource.username", () -> System.getenv(POSTGRES_URL.replace("_URL", "_USER")));
				registry.add("spring.datasource.password",
						() -> System.getenv(POSTGRES_URL.replace("_URL", "_PASSWORD")));
				registry.add("spring.flyway.schemas", () -> name);
				registry.add("spring.flyway.default-schema", () -> name);
			}
			else {
				registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
			}
		}

	}

}

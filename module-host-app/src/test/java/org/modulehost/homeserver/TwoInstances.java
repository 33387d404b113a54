package org.modulehost.homeserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two homeserver instances, {@code first} and {@code second}, on one fresh schema of the test
 * PostgreSQL database ({@code MODULEHOST_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}),
 * as a scale-out deployment runs them: registration open, rate limits off, fast password
 * hashing. Closing stops both and drops the schema.
 */
final class TwoInstances implements AutoCloseable {

	private static final String URL = System.getenv("MODULEHOST_TEST_POSTGRES_URL");

	private static final String USER = System.getenv("MODULEHOST_TEST_POSTGRES_USER");

	private static final String PASSWORD = System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD");

	private final String schema;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private TwoInstances(String schema) {
		this.schema = schema;
	}

	/**
	 * Starts both instances.
	 * @param schemaPrefix the start of the schema's name, such as {@code hs_presence_}
	 * @param settings settings both instances get on top of the common ones, as
	 * {@code key=value}
	 * @return the running instances
	 */
	static TwoInstances start(String schemaPrefix, String... settings) {
		TwoInstances instances = new TwoInstances(
				schemaPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
		try {
			instances.contexts.add(instances.instance("first", settings));
			instances.contexts.add(instances.instance("second", settings));
		}
		catch (RuntimeException ex) {
			instances.close();
			throw ex;
		}
		return instances;
	}

	ConfigurableApplicationContext first() {
		return this.contexts.get(0);
	}

	ConfigurableApplicationContext second() {
		return this.contexts.get(1);
	}

	/**
	 * The client port of an instance.
	 * @param context the instance
	 * @return its port
	 */
	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private ConfigurableApplicationContext instance(String name, String... extra) {
		List<String> settings = new ArrayList<>(List.of("server.port=0", "management.server.port=0",
				"spring.main.banner-mode=off",
				"spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + this.schema,
				"spring.datasource.username=" + USER, "spring.datasource.password=" + PASSWORD,
				"spring.flyway.schemas=" + this.schema, "spring.flyway.default-schema=" + this.schema,
				"modulehost.instance.name=" + name, "homeserver.passwords.bcrypt-rounds=4",
				"homeserver.registration.enabled=true", "homeserver.registration.allow-without-verification=true",
				"homeserver.ratelimit.message.per-second=0", "homeserver.ratelimit.registration.per-second=0",
				"homeserver.ratelimit.login-address.per-second=0", "homeserver.ratelimit.login-account.per-second=0",
				"homeserver.ratelimit.joins-local.per-second=0", "homeserver.ratelimit.room-creation.per-second=0"));
		settings.addAll(List.of(extra));
		return new SpringApplicationBuilder(ModuleHostApplication.class)
			.run(settings.stream().map((setting) -> "--" + setting).toArray(String[]::new));
	}

	@Override
	public void close() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop the test schema " + this.schema, ex);
		}
	}

}

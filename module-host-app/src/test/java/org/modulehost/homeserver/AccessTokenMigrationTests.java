package org.modulehost.homeserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database whose access tokens were stored in clear (before V6) keeps its logins: the
 * migration replaces each token by its hash, and the token the client holds still works.
 */
class AccessTokenMigrationTests {

	private static final String TOKEN = "mht_issued_before_the_migration_0123456789";

	@Test
	void aTokenIssuedBeforeTheMigrationStillAuthenticatesAfterIt() throws Exception {
		String schema = "hs_tokmig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		Database database = Database.fresh(schema);
		try {
			FluentConfiguration flyway = Flyway.configure()
				.dataSource(database.url(), database.user(), database.password())
				.schemas(database.postgres() ? new String[] { schema } : new String[0])
				.defaultSchema(database.postgres() ? schema : null)
				.locations("classpath:db/migration");
			// The schema as it was before V6, whichever earlier migrations this build has.
			MigrationVersion beforeV6 = Arrays.stream(flyway.load().info().all())
				.map(MigrationInfo::getVersion)
				.filter((version) -> version.compareTo(MigrationVersion.fromVersion("6")) < 0)
				.max(Comparator.naturalOrder())
				.orElseThrow();
			flyway.target(beforeV6).load().migrate();
			try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO hs_users (user_id, user_id_lower, is_admin, is_deactivated, "
						+ "is_shadow_banned, creation_ts) VALUES ('@old:localhost', '@old:localhost', FALSE, FALSE, "
						+ "FALSE, 0)");
				statement.executeUpdate("INSERT INTO hs_devices (user_id, device_id) VALUES ('@old:localhost', 'OLD')");
				statement.executeUpdate("INSERT INTO hs_access_tokens (token, user_id, device_id, created_ts) "
						+ "VALUES ('" + TOKEN + "', '@old:localhost', 'OLD', 0)");
			}
			try (ConfigurableApplicationContext context = SpringApplication.run(ModuleHostApplication.class,
					database.arguments())) {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				MatrixClient old = MatrixClient.at(port).withToken(TOKEN);
				MatrixClient.Response whoami = old.get("/_matrix/client/v3/account/whoami");
				assertThat(whoami.status()).as(whoami.toString()).isEqualTo(200);
				assertThat(whoami.string("user_id")).isEqualTo("@old:localhost");
				assertThat(whoami.string("device_id")).isEqualTo("OLD");
				assertThat(context.getBean(JdbcClient.class)
					.sql("SELECT token FROM hs_access_tokens WHERE user_id = '@old:localhost'")
					.query(String.class)
					.list()).containsExactly(AccessTokenStorageTests.sha256(TOKEN));
				assertThat(old.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
				MatrixClient.Response after = old.get("/_matrix/client/v3/account/whoami");
				assertThat(after.status()).isEqualTo(401);
				assertThat(after.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
			}
		}
		finally {
			database.drop();
		}
	}

	/** A fresh H2 database in memory, or a fresh schema of the test PostgreSQL database. */
	private record Database(String schema, String url, String user, String password, boolean postgres) {

		static Database fresh(String schema) {
			if (HomeserverTestSupport.TestDatabase.postgres()) {
				String url = System.getenv("MODULEHOST_TEST_POSTGRES_URL");
				return new Database(schema, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
						System.getenv("MODULEHOST_TEST_POSTGRES_USER"), System.getenv("MODULEHOST_TEST_POSTGRES_PASSWORD"),
						true);
			}
			return new Database(schema, "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1", "sa", "", false);
		}

		Connection connect() throws Exception {
			return DriverManager.getConnection(this.url, this.user, this.password);
		}

		String[] arguments() {
			List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
					"--spring.main.banner-mode=off", "--spring.datasource.url=" + this.url,
					"--spring.datasource.username=" + this.user, "--spring.datasource.password=" + this.password));
			if (this.postgres) {
				arguments.add("--spring.flyway.schemas=" + this.schema);
				arguments.add("--spring.flyway.default-schema=" + this.schema);
			}
			return arguments.toArray(String[]::new);
		}

		void drop() throws Exception {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute(this.postgres ? "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE"
						: "DROP ALL OBJECTS");
			}
		}

	}

}

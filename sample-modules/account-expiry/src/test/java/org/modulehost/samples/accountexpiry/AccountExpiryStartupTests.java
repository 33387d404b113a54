package org.modulehost.samples.accountexpiry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starting the account-expiry module: its configuration errors, and users who were there before
 * it.
 */
class AccountExpiryStartupTests {

	@Test
	void aMissingPeriodStopsStartUpNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("renew_at", "7d"))
				.start())
			.withStackTraceContaining("modules[0].config.period: must not be null");
	}

	@Test
	void aRenewAtNotShorterThanThePeriodStopsStartUpNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("period", "7d", "renew_at", "7d"))
				.start())
			.withStackTraceContaining("modules[0].config.renew_at: must be shorter than period (7d), or every account would be told to renew as soon as it is created (got 7d)");
	}

	@Test
	void aTemplateDirThatIsNotADirectoryStopsStartUpNamingTheKey(@TempDir Path temp) {
		Path missing = temp.resolve("missing");
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("period", "30d", "template_dir", missing.toString()))
				.start())
			.withStackTraceContaining("modules[0].config.template_dir: must be a directory holding notice_expiry.html and"
					+ " notice_expiry.txt (got " + missing + ", which is not a directory)");
	}

	@Test
	void aTemplateDirWithABrokenTemplateStopsStartUpNamingTheKeyAndTheFile(@TempDir Path temp) throws IOException {
		Files.writeString(temp.resolve("notice_expiry.html"), "<p>{% if url %}unclosed</p>");
		Files.writeString(temp.resolve("notice_expiry.txt"), "{{ url }}");
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("period", "30d", "template_dir", temp.toString()))
				.start())
			.withStackTraceContaining("modules[0].config.template_dir: Template notice_expiry.html is not valid");
	}

	@Test
	void aTemplateDirWithoutTheTemplatesStopsStartUpNamingTheKeyAndTheFile(@TempDir Path temp) {
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("period", "30d", "template_dir", temp.toString()))
				.start())
			.withStackTraceContaining("modules[0].config.template_dir: Template notice_expiry.html not found in " + temp);
	}

	@Test
	void anEmptyRenewEmailSubjectStopsStartUpNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> TestHomeserver.builder(TestHomeserver.freshDatabase())
				.module(AccountExpiry.class, Map.of("period", "30d", "renew_email_subject", " "))
				.start())
			.withStackTraceContaining("modules[0].config.renew_email_subject: must not be empty; leave it out for"
					+ " \"Renew your %(app)s account\"");
	}

	@Test
	void aTableOfTheModuleWithoutRenewalEmailsGetsTheTokenColumnsAndKeepsItsExpiries() {
		String database = TestHomeserver.freshDatabase();
		User old;
		try (ModuleTestHost without = TestHomeserver.builder(database).yaml("modules: []").start()) {
			old = new MatrixTestClient(without).register("old");
			JdbcClient jdbc = JdbcClient.create(without.bean(DataSource.class));
			jdbc.sql("CREATE TABLE account_expiry (user_id VARCHAR(255) NOT NULL PRIMARY KEY,"
					+ " expiration_ts_ms BIGINT NOT NULL, notice_sent BOOLEAN NOT NULL)").update();
			jdbc.sql("INSERT INTO account_expiry VALUES (?, ?, TRUE)").params(old.userId(), 4_102_444_800_000L).update();
		}
		try (ModuleTestHost with = TestHomeserver.builder(database)
			.module(AccountExpiry.class, Map.of("period", "30d"))
			.start()) {
			MatrixTestClient matrix = new MatrixTestClient(with);
			assertThat(matrix.request("GET", AccountExpiry.PATH + "/status", old, null).body().get("expiration_ts")
				.asLong()).isEqualTo(4_102_444_800_000L);
			assertThat(with.get("/_matrix/client/v1/account_validity/renew?token=" + "a".repeat(32)).statusCode())
				.isEqualTo(404);
		}
	}

	@Test
	void usersWhoRegisteredBeforeTheModuleWasEnabledExpireOnePeriodAfterTheirFirstRequest() {
		String database = TestHomeserver.freshDatabase();
		User early;
		try (ModuleTestHost without = TestHomeserver.builder(database).yaml("modules: []").start()) {
			early = new MatrixTestClient(without).register("early");
		}
		try (ModuleTestHost with = TestHomeserver.builder(database)
			.module(AccountExpiry.class, Map.of("period", "30d"))
			.start()) {
			long now = with.bean(TestHomeserver.MutableClock.class).millis();
			JsonNode status = new MatrixTestClient(with).request("GET", AccountExpiry.PATH + "/status", early, null)
				.body();
			assertThat(status.get("expiration_ts").asLong()).isEqualTo(now + Duration.ofDays(30).toMillis());
			assertThat(status.get("renewal_due").asBoolean()).isFalse();
		}
	}

}

package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.storage.Database;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What passwords cost the server and tell a caller: bcrypt's 72-byte limit is answered as bad
 * input everywhere a password is taken, an unfinished registration spends no hash and keeps no
 * password, abandoned registrations expire, and a failed login costs one password comparison
 * whether or not the user exists. The password encoder here counts what it is asked to do (a
 * real bcrypt encoder underneath); the clock can be moved forward.
 */
@Import(PasswordLimitsTests.Counting.class)
@TestPropertySource(properties = { "homeserver.registration.shared-secret=limits-secret",
		"homeserver.registration.session-lifetime=10m" })
class PasswordLimitsTests extends HomeserverTestSupport {

	@Autowired
	CountingPasswordEncoder passwords;

	@Autowired
	MovableClock clock;

	@Autowired
	Database database;

	@Test
	void aPasswordOverBcrypts72BytesIsRefusedAtRegistration() {
		MatrixClient.Response ascii = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("long"), "password", "x".repeat(73)));
		assertThat(ascii.status()).as(ascii.toString()).isEqualTo(400);
		assertThat(ascii.errcode()).isEqualTo("M_INVALID_PARAM");
		// 40 characters, 80 bytes in UTF-8.
		MatrixClient.Response accented = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("long"), "password", "é".repeat(40)));
		assertThat(accented.status()).as(accented.toString()).isEqualTo(400);
		assertThat(accented.errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(accented.string("error")).contains("72 bytes");
	}

	@Test
	void aPasswordOfExactly72BytesRegistersAndLogsIn() {
		String name = MatrixClient.unique("full");
		String password = "é".repeat(36);
		client().register(name, password);
		assertThat(client().login(name, password).userId()).isEqualTo("@" + name + ":localhost");
	}

	@Test
	void aPasswordOverBcrypts72BytesIsRefusedBySharedSecretRegistration() throws Exception {
		String nonce = client().get("/_synapse/admin/v1/register").string("nonce");
		String name = MatrixClient.unique("admin-made");
		String password = "x".repeat(100);
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec("limits-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		String digest = HexFormat.of()
			.formatHex(mac.doFinal((nonce + "\0" + name + "\0" + password + "\0notadmin").getBytes(StandardCharsets.UTF_8)));
		MatrixClient.Response response = client().post("/_synapse/admin/v1/register",
				Map.of("nonce", nonce, "username", name, "password", password, "admin", false, "mac", digest));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void aPasswordOverBcrypts72BytesAtLoginIsAWrongPassword() {
		String name = MatrixClient.unique("login");
		client().register(name);
		MatrixClient.Response response = login(name, "x".repeat(100));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void anUnfinishedRegistrationHashesNothingAndKeepsNoPassword() {
		String name = MatrixClient.unique("unfinished");
		int hashed = this.passwords.encoded.get();
		MatrixClient.Response first = client().post("/_matrix/client/v3/register",
				Map.of("username", name, "password", "hunter2-hunter2"));
		assertThat(first.status()).as(first.toString()).isEqualTo(401);
		assertThat(this.passwords.encoded.get()).isEqualTo(hashed);
		Map<String, Object> row = this.database.jdbc()
			.sql("SELECT * FROM hs_registration_sessions WHERE session_id = ?")
			.param(first.string("session"))
			.query()
			.singleRow();
		assertThat(row.values()).allSatisfy((value) -> assertThat(String.valueOf(value)).doesNotContain("hunter2")
			.doesNotStartWith("$2"));
		MatrixClient.Response second = client().post("/_matrix/client/v3/register", Map.of("username", name,
				"password", "hunter2-hunter2", "auth", Map.of("type", "m.login.dummy", "session", first.string("session"))));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(this.passwords.encoded.get()).isEqualTo(hashed + 1);
		assertThat(client().login(name, "hunter2-hunter2").userId()).isEqualTo("@" + name + ":localhost");
	}

	@Test
	void theFinalStageOfARegistrationThatGaveAPasswordMustGiveItAgain() {
		String name = MatrixClient.unique("again");
		MatrixClient.Response first = client().post("/_matrix/client/v3/register",
				Map.of("username", name, "password", "pw"));
		MatrixClient.Response second = client().post("/_matrix/client/v3/register",
				Map.of("auth", Map.of("type", "m.login.dummy", "session", first.string("session"))));
		assertThat(second.status()).as(second.toString()).isEqualTo(400);
		assertThat(second.errcode()).isEqualTo("M_MISSING_PARAM");
		assertThat(client().get("/_matrix/client/v3/register/available?username=" + name).status()).isEqualTo(200);
	}

	@Test
	void anAbandonedRegistrationExpiresAndIsDeleted() {
		MatrixClient.Response abandoned = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("abandoned"), "password", "pw"));
		String session = abandoned.string("session");
		this.clock.advance(Duration.ofMinutes(11));
		MatrixClient.Response other = client().post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("other"), "password", "pw"));
		assertThat(other.status()).isEqualTo(401);
		assertThat(this.database.jdbc()
			.sql("SELECT COUNT(*) FROM hs_registration_sessions WHERE session_id = ?")
			.param(session)
			.query(Long.class)
			.single()).isZero();
		MatrixClient.Response late = client().post("/_matrix/client/v3/register", Map.of("password", "pw", "auth",
				Map.of("type", "m.login.dummy", "session", session)));
		assertThat(late.status()).as(late.toString()).isEqualTo(400);
		assertThat(late.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void aFailedLoginCostsOnePasswordComparisonWhetherOrNotTheUserExists() {
		String name = MatrixClient.unique("timed");
		client().register(name);
		int before = this.passwords.compared.get();
		MatrixClient.Response unknown = login(MatrixClient.unique("nobody"), "wrong");
		assertThat(unknown.status()).isEqualTo(403);
		assertThat(unknown.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(this.passwords.compared.get()).isEqualTo(before + 1);
		MatrixClient.Response wrong = login(name, "wrong");
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(this.passwords.compared.get()).isEqualTo(before + 2);
		MatrixClient.Response otherCase = login(name.toUpperCase(), "correct horse battery staple");
		assertThat(otherCase.status()).as(otherCase.toString()).isEqualTo(200);
		assertThat(otherCase.string("user_id")).isEqualTo("@" + name + ":localhost");
		assertThat(this.passwords.compared.get()).isEqualTo(before + 3);
	}

	private MatrixClient.Response login(String user, String password) {
		return client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password", "identifier",
				Map.of("type", "m.id.user", "user", user), "password", password));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		CountingPasswordEncoder countingPasswordEncoder() {
			return new CountingPasswordEncoder();
		}

		@Bean
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	/**
	 * A bcrypt encoder that counts hashes and comparisons.
	 */
	static final class CountingPasswordEncoder implements PasswordEncoder {

		private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

		final AtomicInteger encoded = new AtomicInteger();

		final AtomicInteger compared = new AtomicInteger();

		@Override
		public String encode(CharSequence rawPassword) {
			this.encoded.incrementAndGet();
			return this.bcrypt.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			this.compared.incrementAndGet();
			return this.bcrypt.matches(rawPassword, encodedPassword);
		}

	}

	/**
	 * The system clock, plus however far a test moved it forward.
	 */
	static final class MovableClock extends Clock {

		private final AtomicLong offsetMillis = new AtomicLong();

		void advance(Duration duration) {
			this.offsetMillis.addAndGet(duration.toMillis());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return Instant.now().plusMillis(this.offsetMillis.get());
		}

	}

}

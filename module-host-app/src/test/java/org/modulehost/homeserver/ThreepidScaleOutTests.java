package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.mail.Mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.modulehost.homeserver.ThreepidSupport.ADD;
import static org.modulehost.homeserver.ThreepidSupport.address;
import static org.modulehost.homeserver.ThreepidSupport.sid;

/**
 * Two instances on one PostgreSQL database: a validation e-mail requested on one instance is
 * accepted on the other (sessions and tokens live in the database).
 */
class ThreepidScaleOutTests {

	private static TwoInstances instances;

	@BeforeAll
	static void start() {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"set MODULEHOST_TEST_POSTGRES_URL (and _USER, _PASSWORD) to run the two-instance tests");
		instances = TwoInstances.start("hs_threepid_", "spring.mail.host=127.0.0.1", "spring.mail.port=" + Mailbox.port(),
				"homeserver.email.enabled=true", "homeserver.email.notif-from=noreply@example.org",
				"homeserver.email.ratelimit.per-second=0");
	}

	@AfterAll
	static void stop() {
		if (instances != null) {
			instances.close();
		}
	}

	@Test
	void aLinkMailedByOneInstanceValidatesOnTheOtherAndTheAddressIsAddedOnEither() {
		MatrixClient onFirst = MatrixClient.at(TwoInstances.port(instances.first()));
		MatrixClient onSecond = MatrixClient.at(TwoInstances.port(instances.second()));
		String localpart = MatrixClient.unique("scaled");
		MatrixClient user = onFirst.register(localpart, "pass word");
		String email = address("scaled");
		String sid = sid(user, ADD, email, "secret");
		MatrixClient.Response page = onSecond.get(ThreepidSupport.link(email));
		assertThat(page.status()).as(page.text()).isEqualTo(200);
		MatrixClient.Response added = user.on(TwoInstances.port(instances.second()))
			.post("/_matrix/client/v3/account/3pid/add", Map.of("client_secret", "secret", "sid", sid, "auth",
					Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", localpart),
							"password", "pass word")));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		assertThat(user.get("/_matrix/client/v3/account/3pid").body().get("threepids").toString()).contains(email);
		MatrixClient.Response again = ThreepidSupport.requestToken(onSecond, ThreepidSupport.REGISTER, email, "other", 1);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.string("errcode")).isEqualTo("M_THREEPID_IN_USE");
		MatrixClient.Response login = onSecond.post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", email), "password",
				"pass word"));
		assertThat(login.status()).isEqualTo(200);
	}

}

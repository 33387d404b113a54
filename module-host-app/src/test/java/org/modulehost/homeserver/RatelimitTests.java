package org.modulehost.homeserver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login, registration, join and room creation rate limits with Synapse's defaults. The
 * server trusts X-Forwarded-For (as behind a proxy), so each test comes from addresses of its
 * own; {@code TestRatelimitOverrides} answers "unlimited" for {@code unlimited-} users, which
 * these limiters, as Synapse's, do not ask.
 */
@SpringBootTest(classes = ModuleHostApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "homeserver.passwords.bcrypt-rounds=4", "homeserver.registration.enabled=true",
				"homeserver.registration.allow-without-verification=true", "server.forward-headers-strategy=framework",
				"modules[0].module=org.modulehost.homeserver.modules.TestRatelimitOverrides" })
class RatelimitTests extends HomeserverTestSupport {

	private static final AtomicInteger addresses = new AtomicInteger();

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void theSixthLoginFromOneAddressIsRefusedWhileOtherAddressesMayLogIn() {
		MatrixClient address = client().from(newAddress());
		String[] users = new String[6];
		for (int i = 0; i < users.length; i++) {
			users[i] = registered("address");
		}
		for (int i = 0; i < 5; i++) {
			assertThat(login(address, users[i], PASSWORD).status()).isEqualTo(200);
		}
		assertLimited(login(address, users[5], PASSWORD));
		assertThat(login(client().from(newAddress()), users[5], PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void theSixthLoginToOneAccountIsRefusedWhateverTheAddress() {
		String user = registered("account");
		for (int i = 0; i < 5; i++) {
			assertThat(login(client().from(newAddress()), user, PASSWORD).status()).isEqualTo(200);
		}
		assertLimited(login(client().from(newAddress()), user, PASSWORD));
		assertThat(login(client().from(newAddress()), registered("other"), PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void afterThreeWrongPasswordsEvenTheRightOneIsRefusedForThatAccount() {
		String user = registered("failed");
		for (int i = 0; i < 3; i++) {
			MatrixClient.Response wrong = login(client().from(newAddress()), user, "wrong");
			assertThat(wrong.status()).isEqualTo(403);
			assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		}
		assertLimited(login(client().from(newAddress()), user, PASSWORD));
		assertLimited(login(client().from(newAddress()), user.toUpperCase(Locale.ROOT), PASSWORD));
		assertThat(login(client().from(newAddress()), registered("other"), PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void theFourthRegistrationFromOneAddressIsRefusedAtItsFirstStep() {
		MatrixClient address = client().from(newAddress());
		for (int i = 0; i < 3; i++) {
			address.register(MatrixClient.unique("reg"), PASSWORD);
		}
		assertLimited(address.post("/_matrix/client/v3/register",
				Map.of("username", MatrixClient.unique("reg"), "password", PASSWORD)));
		assertLimited(address.get("/_matrix/client/v3/register/available?username=" + MatrixClient.unique("free")));
		client().from(newAddress()).register(MatrixClient.unique("reg"), PASSWORD);
	}

	@Test
	void theEleventhJoinIsRefusedEvenWhenAModuleWouldLiftTheLimitButRejoiningPasses() {
		MatrixClient owner = client().from(newAddress()).register(MatrixClient.unique("owner"), PASSWORD);
		MatrixClient owner2 = client().from(newAddress()).register(MatrixClient.unique("owner"), PASSWORD);
		String[] rooms = new String[11];
		for (int i = 0; i < rooms.length; i++) {
			rooms[i] = ((i < 6) ? owner : owner2).createRoom(Map.of("preset", "public_chat"));
		}
		MatrixClient joiner = client().from(newAddress()).register(MatrixClient.unique("unlimited"), PASSWORD);
		for (int i = 0; i < 10; i++) {
			assertThat(joiner.join(rooms[i]).status()).isEqualTo(200);
		}
		assertLimited(joiner.join(rooms[10]));
		assertThat(joiner.join(rooms[0]).status()).isEqualTo(200);
	}

	@Test
	void theEleventhRoomOfAUserIsRefusedEvenWhenAModuleWouldLiftTheLimit() {
		MatrixClient creator = client().from(newAddress()).register(MatrixClient.unique("unlimited"), PASSWORD);
		for (int i = 0; i < 10; i++) {
			creator.createRoom(Map.of());
		}
		assertLimited(creator.post("/_matrix/client/v3/createRoom", Map.of()));
		client().from(newAddress()).register(MatrixClient.unique("other"), PASSWORD).createRoom(Map.of());
	}

	@Test
	void wrongPasswordsInUserInteractiveAuthAreLimitedPerUser() {
		MatrixClient user = client().from(newAddress()).register(MatrixClient.unique("uia"), PASSWORD);
		String session = user.post("/_matrix/client/v3/delete_devices",
				Map.of("devices", List.of(user.deviceId()))).string("session");
		for (int i = 0; i < 3; i++) {
			MatrixClient.Response wrong = user.post("/_matrix/client/v3/delete_devices",
					Map.of("devices", List.of(user.deviceId()), "auth", passwordStage(user, "wrong", session)));
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
		}
		assertLimited(user.post("/_matrix/client/v3/delete_devices", Map.of("devices",
				List.of(user.deviceId()), "auth", passwordStage(user, PASSWORD, session))));
		assertThat(user.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	@Test
	void wrongPasswordsCountAcrossTheEndpointsThatAskForThem() {
		MatrixClient user = client().from(newAddress()).register(MatrixClient.unique("uiaacross"), PASSWORD);
		String session = user.post("/_matrix/client/v3/delete_devices",
				Map.of("devices", List.of(user.deviceId()))).string("session");
		for (int i = 0; i < 3; i++) {
			MatrixClient.Response wrong = user.post("/_matrix/client/v3/delete_devices",
					Map.of("devices", List.of(user.deviceId()), "auth", passwordStage(user, "wrong", session)));
			assertThat(wrong.status()).isEqualTo(401);
		}
		// Another endpoint with the same password stage does not start a fresh allowance.
		String deactivation = user.post("/_matrix/client/v3/account/deactivate", Map.of()).string("session");
		assertLimited(user.post("/_matrix/client/v3/account/deactivate",
				Map.of("auth", passwordStage(user, "still wrong", deactivation))));
		assertThat(user.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(200);
	}

	private static Map<String, Object> passwordStage(MatrixClient user, String password, String session) {
		return Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", user.userId()),
				"password", password, "session", session);
	}

	private static void assertLimited(MatrixClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(429);
		assertThat(response.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(response.body().get("retry_after_ms")).isInstanceOfSatisfying(Number.class,
				(retry) -> assertThat(retry.longValue()).isPositive());
	}

	/** Registers a user from an address of its own, so that registrations do not hit their limit. */
	private String registered(String prefix) {
		return client().from(newAddress()).register(MatrixClient.unique(prefix), PASSWORD).userId();
	}

	private static MatrixClient.Response login(MatrixClient client, String user, String password) {
		return client.post("/_matrix/client/v3/login", Map.of("type", "m.login.password", "identifier",
				Map.of("type", "m.id.user", "user", user), "password", password));
	}

	private static String newAddress() {
		int n = addresses.incrementAndGet();
		return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
	}

}

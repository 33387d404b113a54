package org.modulehost.homeserver;

import java.util.Map;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The homeserver with the {@code LifecycleRules} module and {@code lifecycle-admin} as a
 * configured administrator.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.LifecycleRules",
		"homeserver.admins[0]=lifecycle-admin" })
abstract class WithLifecycleModule extends HomeserverTestSupport {

	static final String PASSWORD = "correct horse battery staple";

	/** Logs the configured administrator in, registering it the first time. */
	MatrixClient admin() {
		MatrixClient anonymous = client();
		MatrixClient.Response login = anonymous.post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", "lifecycle-admin"), "password", PASSWORD));
		if (login.status() == 200) {
			return anonymous.login("lifecycle-admin", PASSWORD);
		}
		MatrixClient admin = anonymous.register("lifecycle-admin", PASSWORD);
		assertThat(admin.get("/_synapse/admin/v1/server_version").status()).isEqualTo(200);
		return admin;
	}

	static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	static String user(String userId) {
		return MatrixClient.encode(userId);
	}

}

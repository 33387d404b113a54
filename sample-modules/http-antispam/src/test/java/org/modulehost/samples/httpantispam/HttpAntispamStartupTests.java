package org.modulehost.samples.httpantispam;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Which callbacks the module registers, what it logs when the service is away, and start-up
 * errors.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpAntispamStartupTests {

	@Test
	void onlyTheEnabledCallbacksAreForwarded() {
		try (AntispamService service = AntispamService.start();
				ModuleTestHost host = homeserver(
						Map.of("base_url", service.baseUrl(), "enabled_callbacks", List.of("user_may_create_room")))
					.start()) {
			MatrixTestClient matrix = new MatrixTestClient(host);
			User alice = matrix.register("alice");
			assertThat(matrix.createRoom(alice, Map.of("name", "Tea")).status()).isEqualTo(200);
			service.awaitRequest("user_may_create_room", (body) -> body.path("user_id").asString("").equals(alice.userId()));
			assertThat(service.received("check_registration_for_spam")).isEmpty();
			assertThat(service.received("check_event_for_spam")).isEmpty();
		}
	}

	@Test
	void anUnreachableServiceIsLoggedOnceAndEachCallbackFollowsItsFailOpenSetting(CapturedOutput output)
			throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		String baseUrl = "http://127.0.0.1:" + closedPort + "/antispam";
		try (ModuleTestHost host = homeserver(Map.of("base_url", baseUrl, "fail_open",
				Map.of("check_registration_for_spam", true, "user_may_create_room", false)))
			.start()) {
			MatrixTestClient matrix = new MatrixTestClient(host);
			User alice = matrix.register("alice");
			Reply refused = matrix.createRoom(alice, Map.of());
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.body().get("errcode").asString()).isEqualTo("M_UNKNOWN");
			assertThat(matrix.createRoom(alice, Map.of()).status()).isEqualTo(403);
		}
		assertThat(output.getOut()).containsOnlyOnce("could not ask the antispam service")
			.contains("could not ask the antispam service (POST " + baseUrl
					+ "/check_registration_for_spam): ConnectException; each callback now follows its fail_open"
					+ " setting");
	}

	@Test
	void anUnknownCallbackStopsStartUpNamingThePlace() {
		assertThatException()
			.isThrownBy(() -> homeserver(
					Map.of("base_url", "http://127.0.0.1:9", "async", Map.of("user_may_joinroom", true)))
				.start())
			.withStackTraceContaining("modules[0].config.async.user_may_joinroom: 'user_may_joinroom' is not a callback"
					+ " this module forwards; did you mean 'user_may_join_room'?");
	}

	@Test
	void aTimeoutNotShorterThanTheCallbackTimeoutStopsStartUp() {
		assertThatException()
			.isThrownBy(() -> homeserver(Map.of("base_url", "http://127.0.0.1:9", "timeout", "2500ms"))
				.property("modulehost.callbacks.timeout", "2s")
				.start())
			.withStackTraceContaining("modules[0].config.timeout: must be shorter than the spam-checker callback"
					+ " timeout (2s, modulehost.callbacks.timeout)");
	}

	private static ModuleTestHost.Builder homeserver(Map<String, Object> moduleConfig) {
		return MatrixTestClient.homeserver(ModuleHostApplication.class).module(HttpAntispam.class, moduleConfig);
	}

}

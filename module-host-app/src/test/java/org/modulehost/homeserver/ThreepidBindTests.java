package org.modulehost.homeserver;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.IdentityServerStub.Answer;
import org.modulehost.homeserver.modules.Recorder;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /account/3pid/bind} and {@code /account/3pid/unbind} against a real identity
 * server over HTTP.
 */
class ThreepidBindTests extends WithIdentityServer {

	private static final String BIND = "/_matrix/client/v3/account/3pid/bind";

	private static final String UNBIND = "/_matrix/client/v3/account/3pid/unbind";

	private static final String IS_BIND = "/_matrix/identity/v2/3pid/bind";

	private static final String IS_UNBIND = "/_matrix/identity/v2/3pid/unbind";

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	MeterRegistry meters;

	private static Map<String, Object> bind(String sid, String idServer) {
		return Map.of("client_secret", "secret-" + sid, "id_server", idServer, "id_access_token", "is-token-" + sid,
				"sid", sid);
	}

	@Test
	void aBindReachesTheIdentityServerWithTheAccessTokenIsRememberedAndCallsOnThreepidBind() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("sid");
		String address = MatrixClient.unique("alice") + "@example.org";
		identityServer.session(sid, "email", address);
		MatrixClient.Response bound = alice.post(BIND, bind(sid, identityServer.name()));
		assertThat(bound.status()).isEqualTo(200);
		assertThat(bound.body()).isEmpty();
		assertThat(identityServer.requests(IS_BIND, sid)).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.authorization()).isEqualTo("Bearer is-token-" + sid);
			assertThat(request.body()).contains("\"mxid\":\"" + alice.userId() + "\"")
				.contains("\"client_secret\":\"secret-" + sid + "\"");
		});
		assertThat(Recorder.calls()).contains("onThreepidBind:" + alice.userId() + ":email:" + address);
		MatrixClient.Response unbound = alice.post(UNBIND, Map.of("medium", "email", "address", address));
		assertThat(unbound.status()).isEqualTo(200);
		assertThat(unbound.body()).containsEntry("id_server_unbind_result", "success");
		assertThat(identityServer.requests(IS_UNBIND, address)).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"mxid\":\"" + alice.userId() + "\"")
				.contains("\"medium\":\"email\""));
		MatrixClient.Response again = alice.post(UNBIND, Map.of("medium", "email", "address", address));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).containsEntry("id_server_unbind_result", "no-support");
		assertThat(identityServer.requests(IS_UNBIND, address)).hasSize(1);
	}

	@Test
	void anIdentityServerWithoutUnbindingAnswersNoSupport() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String address = MatrixClient.unique("nosupport") + "@example.org";
		identityServer.replace(IS_UNBIND, address, Answer.json(501, Map.of("errcode", "M_UNRECOGNIZED")));
		MatrixClient.Response unbound = alice.post(UNBIND,
				Map.of("medium", "email", "address", address, "id_server", identityServer.name()));
		assertThat(unbound.status()).isEqualTo(200);
		assertThat(unbound.body()).containsEntry("id_server_unbind_result", "no-support");
		assertThat(identityServer.requests(IS_UNBIND, address)).hasSize(1);
	}

	@Test
	void anUnbindTheIdentityServerFailsIsABadGateway() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String address = MatrixClient.unique("failing") + "@example.org";
		identityServer.replace(IS_UNBIND, address, Answer.json(500, Map.of("errcode", "M_UNKNOWN")));
		MatrixClient.Response unbound = alice.post(UNBIND,
				Map.of("medium", "email", "address", address, "id_server", identityServer.name()));
		assertThat(unbound.status()).isEqualTo(502);
		assertThat(unbound.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void anUntrustedIdentityServerIsRefusedWithoutBeingContacted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("sid");
		MatrixClient.Response bound = alice.post(BIND, bind(sid, "169.254.169.254"));
		assertThat(bound.status()).isEqualTo(400);
		assertThat(bound.errcode()).isEqualTo("M_SERVER_NOT_TRUSTED");
		MatrixClient.Response unbound = alice.post(UNBIND,
				Map.of("medium", "email", "address", "a@example.org", "id_server", "evil.example:8443"));
		assertThat(unbound.status()).isEqualTo(400);
		assertThat(unbound.errcode()).isEqualTo("M_SERVER_NOT_TRUSTED");
		assertThat(identityServer.requests(IS_BIND, sid)).isEmpty();
	}

	@Test
	void theIdentityServersRefusalReachesTheClientAndNothingIsBound() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("unvalidated");
		MatrixClient.Response bound = alice.post(BIND, bind(sid, identityServer.name()));
		assertThat(bound.status()).isEqualTo(400);
		assertThat(bound.errcode()).isEqualTo("M_SESSION_NOT_VALIDATED");
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("onThreepidBind:" + alice.userId()));
	}

	@Test
	void anIdentityServersRefusedTokenIsNotTakenForTheClientsOwn() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("sid");
		identityServer.replace(IS_BIND, sid,
				Answer.json(401, Map.of("errcode", "M_UNKNOWN_TOKEN", "error", "Unknown identity access token")));
		MatrixClient.Response bound = alice.post(BIND, bind(sid, identityServer.name()));
		assertThat(bound.status()).isEqualTo(403);
		assertThat(bound.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
	}

	@Test
	void badRequestsAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response noSid = alice.post(BIND,
				Map.of("client_secret", "s", "id_server", identityServer.name(), "id_access_token", "t"));
		assertThat(noSid.status()).isEqualTo(400);
		assertThat(noSid.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response badSecret = alice.post(BIND, Map.of("client_secret", "not a secret!", "id_server",
				identityServer.name(), "id_access_token", "t", "sid", "s"));
		assertThat(badSecret.status()).isEqualTo(400);
		assertThat(badSecret.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response noAddress = alice.post(UNBIND, Map.of("medium", "email"));
		assertThat(noAddress.status()).isEqualTo(400);
		assertThat(noAddress.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response anonymous = client().post(BIND, bind("s", identityServer.name()));
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
	}

	@Test
	void anIdentityServerThatIsDownIsABadGateway() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response bound = alice.post(BIND, bind(MatrixClient.unique("sid"), DOWN));
		assertThat(bound.status()).isEqualTo(502);
		assertThat(bound.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(bound.string("error")).contains("Could not contact identity server " + DOWN);
	}

	@Test
	void hostileAnswersAreABadGatewayAndReadOnlyUpToTheLimit() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String huge = MatrixClient.unique("huge");
		identityServer.replace(IS_BIND, huge, Answer.huge());
		MatrixClient.Response tooLarge = alice.post(BIND, bind(huge, identityServer.name()));
		assertThat(tooLarge.status()).isEqualTo(502);
		assertThat(tooLarge.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(tooLarge.string("error")).contains("answered more than 65536 bytes");
		String notJson = MatrixClient.unique("notjson");
		identityServer.replace(IS_BIND, notJson, Answer.raw(200, "<html>hello</html>"));
		MatrixClient.Response invalid = alice.post(BIND, bind(notJson, identityServer.name()));
		assertThat(invalid.status()).isEqualTo(502);
		assertThat(invalid.errcode()).isEqualTo("M_UNKNOWN");
		String incomplete = MatrixClient.unique("incomplete");
		identityServer.replace(IS_BIND, incomplete, Answer.json(200, Map.of("medium", "email")));
		MatrixClient.Response partial = alice.post(BIND, bind(incomplete, identityServer.name()));
		assertThat(partial.status()).isEqualTo(502);
		assertThat(partial.errcode()).isEqualTo("M_UNKNOWN");
		String hang = MatrixClient.unique("hang");
		identityServer.replace(IS_BIND, hang, Answer.hanging());
		MatrixClient.Response slow = alice.post(BIND, bind(hang, identityServer.name()));
		assertThat(slow.status()).isEqualTo(502);
		assertThat(slow.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(slow.string("error")).contains("Timed out contacting identity server");
	}


	@Test
	void callsAreTimedPerServerEndpointAndOutcome() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("sid");
		identityServer.session(sid, "email", MatrixClient.unique("metered") + "@example.org");
		double before = count(identityServer.name(), "3pid/bind", "success");
		double downBefore = count(DOWN, "3pid/bind", "unavailable");
		assertThat(alice.post(BIND, bind(sid, identityServer.name())).status()).isEqualTo(200);
		assertThat(alice.post(BIND, bind(sid, DOWN)).status()).isEqualTo(502);
		assertThat(count(identityServer.name(), "3pid/bind", "success")).isEqualTo(before + 1);
		assertThat(count(DOWN, "3pid/bind", "unavailable")).isEqualTo(downBefore + 1);
	}

	private double count(String server, String endpoint, String outcome) {
		var timer = this.meters.find("homeserver.identity_server.requests")
			.tags("server", server, "endpoint", endpoint, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void deactivatingAnAccountUnbindsWhatItBoundFirst() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String sid = MatrixClient.unique("sid");
		String address = MatrixClient.unique("leaving") + "@example.org";
		identityServer.session(sid, "email", address);
		assertThat(alice.post(BIND, bind(sid, identityServer.name())).status()).isEqualTo(200);
		MatrixClient.Response challenge = alice.post("/_matrix/client/v3/account/deactivate", Map.of());
		assertThat(challenge.status()).isEqualTo(401);
		MatrixClient.Response done = alice.post("/_matrix/client/v3/account/deactivate",
				Map.of("auth", Map.of("type", "m.login.password", "session", challenge.string("session"), "identifier",
						Map.of("type", "m.id.user", "user", alice.userId()), "password", PASSWORD)));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(done.string("id_server_unbind_result")).isEqualTo("success");
		assertThat(identityServer.requests(IS_UNBIND, address)).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"mxid\":\"" + alice.userId() + "\""));
	}

}

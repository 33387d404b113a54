package org.modulehost.samples.it;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.samples.it.AntispamStub.Request;
import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http-antispam sample, loaded from its jar, asking the test's antispam service
 * ({@link AntispamStub}, the {@code base_url} of {@code samples.yml} through
 * {@code HTTP_ANTISPAM_URL}) over HTTP.
 */
@ExtendWith(RunningHomeserver.class)
class HttpAntispamIT {

	@Test
	void messagesAreCheckedByTheServiceWithTheConfiguredToken(Server server) {
		Account user = server.register("it-antispam-sender", "it-password");
		String room = createRoom(server, user);
		HttpResponse<String> sent = sendMessage(server, user, room, "a perfectly fine message", "t1");
		assertThat(sent.statusCode()).isEqualTo(200);
		Request request = server.antispam().awaitRequest("check_event_for_spam",
				(body) -> body.path("event").path("event_id").asString("").equals(Server.json(sent).get("event_id").asString()));
		assertThat(request.authorization()).isEqualTo("Bearer " + AntispamStub.TOKEN);
		assertThat(request.body().get("event").get("sender").asString()).isEqualTo(user.userId());
		assertThat(request.body().get("event").get("content").get("body").asString()).isEqualTo("a perfectly fine message");
	}

	@Test
	void aMessageTheServiceDeniesIsRefusedWithItsErrcode(Server server) {
		Account user = server.register("it-antispam-spammer", "it-password");
		String room = createRoom(server, user);
		HttpResponse<String> refused = sendMessage(server, user, room, "buy now, " + AntispamStub.MARKER, "t1");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo(AntispamStub.ERRCODE);
		assertThat(Server.json(refused).get("marker").asString()).isEqualTo(AntispamStub.MARKER);
	}

	@Test
	void aRegistrationTheServiceDeniesIsRefused(Server server) {
		HttpResponse<String> refused = server.send("POST", "/_matrix/client/v3/register",
				Map.of("username", AntispamStub.MARKER + "-user", "password", "it-password", "auth",
						Map.of("type", "m.login.dummy")),
				null);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo("M_LIMIT_EXCEEDED");
		server.antispam().awaitRequest("check_registration_for_spam",
				(body) -> body.path("username").asString("").equals(AntispamStub.MARKER + "-user"));
	}

	@Test
	void aRoomWhoseConfigurationTheServiceDeniesIsNotCreated(Server server) {
		Account user = server.register("it-antispam-creator", "it-password");
		HttpResponse<String> refused = server.send("POST", "/_matrix/client/v3/createRoom",
				Map.of("name", "Room " + AntispamStub.MARKER), user.accessToken());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(Server.json(refused).get("errcode").asString()).isEqualTo(AntispamStub.ERRCODE);
	}

	private static String createRoom(Server server, Account user) {
		HttpResponse<String> created = server.send("POST", "/_matrix/client/v3/createRoom",
				Map.of("preset", "private_chat"), user.accessToken());
		assertThat(created.statusCode()).isEqualTo(200);
		return Server.json(created).get("room_id").asString();
	}

	private static HttpResponse<String> sendMessage(Server server, Account user, String room, String text,
			String txnId) {
		return server.send("PUT", "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/" + txnId,
				Map.of("msgtype", "m.text", "body", text), user.accessToken());
	}

}

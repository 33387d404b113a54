package org.modulehost.samples.httpantispam;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.samples.httpantispam.AntispamService.Answer;
import org.modulehost.samples.httpantispam.AntispamService.Request;
import org.modulehost.samples.httpantispam.TestHomeserver.Account;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.samples.httpantispam.TestHomeserver.createRoom;
import static org.modulehost.samples.httpantispam.TestHomeserver.json;
import static org.modulehost.samples.httpantispam.TestHomeserver.publicRoom;
import static org.modulehost.samples.httpantispam.TestHomeserver.register;
import static org.modulehost.samples.httpantispam.TestHomeserver.send;

/**
 * The http-antispam module in the reference homeserver, asking a real HTTP service; the tests act
 * as Matrix clients and tell the service how to answer.
 */
class HttpAntispamTests {

	private static AntispamService service;

	private static ModuleTestHost host;

	@BeforeAll
	static void start() {
		service = AntispamService.start();
		host = TestHomeserver.builder(Map.of("base_url", service.baseUrl(), "authorization", "s3cret", "async",
				Map.of("user_may_join_room", true), "fail_open", Map.of("user_may_create_room_alias", true), "timeout",
				"500ms"))
			.start();
	}

	@AfterAll
	static void stop() {
		host.close();
		service.close();
	}

	@BeforeEach
	void resetService() {
		service.reset();
	}

	@Test
	void forwardsAnEventWithTheTokenAndAllowsItWhenTheServiceAnswers2xx() {
		Account alice = register(host, "alice");
		String room = publicRoom(host, alice);
		HttpResponse<String> sent = sendMessage(alice, room, "hello", "t1");
		assertThat(sent.statusCode()).isEqualTo(200);
		Request request = service.awaitRequest("check_event_for_spam",
				(body) -> body.path("event").path("content").path("body").asString("").equals("hello"));
		assertThat(request.authorization()).isEqualTo("Bearer s3cret");
		assertThat(request.contentType()).startsWith("application/json");
		JsonNode event = request.body().get("event");
		assertThat(event.get("event_id").asString()).isEqualTo(json(sent).get("event_id").asString());
		assertThat(event.get("room_id").asString()).isEqualTo(room);
		assertThat(event.get("sender").asString()).isEqualTo(alice.userId());
		assertThat(event.get("type").asString()).isEqualTo("m.room.message");
		assertThat(event.has("state_key")).isFalse();
	}

	@Test
	void aDenialReachesTheClientWithTheServicesErrcodeAndFields() {
		Account bob = register(host, "bob");
		String room = publicRoom(host, bob);
		service.answer("check_event_for_spam",
				Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_SPAM\", \"error\": \"No links\", \"rule\": \"no-links\"}"));
		HttpResponse<String> refused = sendMessage(bob, room, "buy now http://spam.example", "t1");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(json(refused).get("errcode").asString()).isEqualTo("ORG_EXAMPLE_SPAM");
		assertThat(json(refused).get("rule").asString()).isEqualTo("no-links");
	}

	@Test
	void aDenialWithoutAnErrcodeIsForbidden() {
		Account carol = register(host, "carol");
		service.answer("user_may_create_room", Answer.deny(400, "{\"error\": \"no more rooms\"}"));
		HttpResponse<String> refused = createRoom(host, carol, Map.of("name", "Another room"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(json(refused).get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		assertThat(service.received("user_may_create_room").get(0).body().path("room_config").path("name").asString())
			.isEqualTo("Another room");
	}

	@Test
	void anErrorAnswerThatIsNotJsonFailsClosedByDefault() {
		Account dave = register(host, "dave");
		service.answer("user_may_create_room", Answer.text(502, "Bad gateway"));
		HttpResponse<String> refused = createRoom(host, dave, Map.of());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(json(refused).get("errcode").asString()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void checkEventForSpamFailsOpenByDefaultWhenTheServiceDropsTheConnection() {
		Account erin = register(host, "erin");
		String room = publicRoom(host, erin);
		service.answer("check_event_for_spam", Answer.drop());
		assertThat(sendMessage(erin, room, "still here", "t1").statusCode()).isEqualTo(200);
		assertThat(service.received("check_event_for_spam")).isNotEmpty();
	}

	@Test
	void aServiceThatDoesNotAnswerInTimeIsTreatedAsFailedAndFailOpenDecides() {
		Account frank = register(host, "frank");
		Account grace = register(host, "grace");
		String room = publicRoom(host, frank);
		service.answer("user_may_create_room_alias", Answer.hang());
		service.answer("user_may_invite", Answer.hang());

		HttpResponse<String> alias = send(host, "PUT", "/_matrix/client/v3/directory/room/%23frank:localhost",
				Map.of("room_id", room), frank);
		assertThat(alias.statusCode()).as("fail_open: true").isEqualTo(200);

		HttpResponse<String> invite = send(host, "POST", "/_matrix/client/v3/rooms/" + room + "/invite",
				Map.of("user_id", grace.userId()), frank);
		assertThat(invite.statusCode()).as("fail_open: false (the default)").isEqualTo(403);
		assertThat(json(invite).get("errcode").asString()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void anAsyncCallbackIsSentWithoutWaitingAndAllowsTheAction() {
		Account heidi = register(host, "heidi");
		Account ivan = register(host, "ivan");
		String room = publicRoom(host, heidi);
		service.answer("user_may_join_room", Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_NO_JOIN\"}"));
		HttpResponse<String> joined = send(host, "POST", "/_matrix/client/v3/rooms/" + room + "/join", Map.of(), ivan);
		assertThat(joined.statusCode()).isEqualTo(200);
		Request request = service.awaitRequest("user_may_join_room",
				(body) -> body.path("user").asString("").equals(ivan.userId()));
		assertThat(request.body().get("room").asString()).isEqualTo(room);
		assertThat(request.body().get("is_invited").asBoolean()).isFalse();
	}

	@Test
	void anInviteIsForwardedWithItsParties() {
		Account judy = register(host, "judy");
		Account ken = register(host, "ken");
		String room = publicRoom(host, judy);
		service.answer("user_may_invite", (body) -> body.path("invitee").asString("").equals(ken.userId())
				? AntispamService.Response.json(403, "{\"errcode\": \"ORG_EXAMPLE_NO_INVITES\"}")
				: AntispamService.Response.json(200, "{}"));
		HttpResponse<String> invite = send(host, "POST", "/_matrix/client/v3/rooms/" + room + "/invite",
				Map.of("user_id", ken.userId()), judy);
		assertThat(invite.statusCode()).isEqualTo(403);
		assertThat(json(invite).get("errcode").asString()).isEqualTo("ORG_EXAMPLE_NO_INVITES");
		JsonNode body = service.received("user_may_invite").get(0).body();
		assertThat(body.get("inviter").asString()).isEqualTo(judy.userId());
		assertThat(body.get("room_id").asString()).isEqualTo(room);
	}

	@Test
	void theUserDirectoryHidesTheUsersTheServiceDenies() {
		Account searcher = register(host, "searcher");
		register(host, "dir-shown");
		register(host, "dir-hidden");
		service.answer("check_username_for_spam",
				(body) -> body.path("user_profile").path("user_id").asString("").contains("hidden")
						? AntispamService.Response.json(403, "{}") : AntispamService.Response.json(200, "{}"));
		HttpResponse<String> search = send(host, "POST", "/_matrix/client/v3/user_directory/search",
				Map.of("search_term", "dir-"), searcher);
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(json(search).get("results").valueStream().map((user) -> user.get("user_id").asString()))
			.containsExactly("@dir-shown:localhost");
		assertThat(service.received("check_username_for_spam").get(0).body().get("requester_id").asString())
			.isEqualTo(searcher.userId());
	}

	@Test
	void aRegistrationTheServiceDeniesIsRefused() {
		service.answer("check_registration_for_spam",
				(body) -> body.path("username").asString("").equals("spammer")
						? AntispamService.Response.json(403, "{}") : AntispamService.Response.json(200, "{}"));
		HttpResponse<String> refused = TestHomeserver.tryRegister(host, "spammer");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(TestHomeserver.tryRegister(host, "not-a-spammer").statusCode()).isEqualTo(200);
		JsonNode requestInfo = service.received("check_registration_for_spam").get(0).body().get("request_info");
		assertThat(requestInfo.get(0).get(1).asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void aLoginTheServiceDeniesIsBlockedWithItsErrcode() {
		Account mallory = register(host, "mallory");
		service.answer("check_login_for_spam", Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_BANNED\"}"));
		HttpResponse<String> login = host.post("/_matrix/client/v3/login",
				"{\"type\": \"m.login.password\", \"identifier\": {\"type\": \"m.id.user\", \"user\": \"mallory\"},"
						+ " \"password\": \"secret-mallory\"}");
		assertThat(login.statusCode()).isEqualTo(403);
		assertThat(json(login).get("errcode").asString()).isEqualTo("ORG_EXAMPLE_BANNED");
		assertThat(service.received("check_login_for_spam").get(0).body().get("user_id").asString())
			.isEqualTo(mallory.userId());
	}

	private static HttpResponse<String> sendMessage(Account sender, String room, String text, String txnId) {
		return send(host, "PUT", "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/" + txnId,
				Map.of("msgtype", "m.text", "body", text), sender);
	}

}

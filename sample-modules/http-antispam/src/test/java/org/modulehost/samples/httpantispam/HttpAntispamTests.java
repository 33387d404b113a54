package org.modulehost.samples.httpantispam;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.samples.httpantispam.AntispamService.Answer;
import org.modulehost.samples.httpantispam.AntispamService.Request;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.loginBody;

/**
 * The http-antispam module in the reference homeserver, asking a real HTTP service; the tests act
 * as Matrix clients and tell the service how to answer.
 */
class HttpAntispamTests {

	private static AntispamService service;

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		service = AntispamService.start();
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.property("homeserver.user-directory.search-all-users", true)
			.module(HttpAntispam.class, Map.of("base_url", service.baseUrl(), "authorization", "s3cret", "async",
					Map.of("user_may_join_room", true), "fail_open", Map.of("user_may_create_room_alias", true),
					"timeout", "2s"))
			.start();
		matrix = new MatrixTestClient(host);
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
		User alice = matrix.register("alice");
		String room = matrix.createdRoom(alice, Map.of("preset", "public_chat"));
		Reply sent = matrix.sendMessage(alice, room, "hello");
		assertThat(sent.status()).isEqualTo(200);
		Request request = service.awaitRequest("check_event_for_spam",
				(body) -> body.path("event").path("content").path("body").asString("").equals("hello"));
		assertThat(request.authorization()).isEqualTo("Bearer s3cret");
		assertThat(request.contentType()).startsWith("application/json");
		JsonNode event = request.body().get("event");
		assertThat(event.get("event_id").asString()).isEqualTo(sent.body().get("event_id").asString());
		assertThat(event.get("room_id").asString()).isEqualTo(room);
		assertThat(event.get("sender").asString()).isEqualTo(alice.userId());
		assertThat(event.get("type").asString()).isEqualTo("m.room.message");
		assertThat(event.has("state_key")).isFalse();
	}

	@Test
	void aDenialReachesTheClientWithTheServicesErrcodeAndFields() {
		User bob = matrix.register("bob");
		String room = matrix.createdRoom(bob, Map.of("preset", "public_chat"));
		service.answer("check_event_for_spam",
				Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_SPAM\", \"error\": \"No links\", \"rule\": \"no-links\"}"));
		Reply refused = matrix.sendMessage(bob, room, "buy now http://spam.example");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().get("errcode").asString()).isEqualTo("ORG_EXAMPLE_SPAM");
		assertThat(refused.body().get("rule").asString()).isEqualTo("no-links");
	}

	@Test
	void aDenialWithoutAnErrcodeIsForbidden() {
		User carol = matrix.register("carol");
		service.answer("user_may_create_room", Answer.deny(400, "{\"error\": \"no more rooms\"}"));
		Reply refused = matrix.createRoom(carol, Map.of("name", "Another room"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().get("errcode").asString()).isEqualTo("M_FORBIDDEN");
		assertThat(service.received("user_may_create_room").get(0).body().path("room_config").path("name").asString())
			.isEqualTo("Another room");
	}

	@Test
	void anErrorAnswerThatIsNotJsonFailsClosedByDefault() {
		User dave = matrix.register("dave");
		service.answer("user_may_create_room", Answer.text(502, "Bad gateway"));
		Reply refused = matrix.createRoom(dave, Map.of());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().get("errcode").asString()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void checkEventForSpamFailsOpenByDefaultWhenTheServiceDropsTheConnection() {
		User erin = matrix.register("erin");
		String room = matrix.createdRoom(erin, Map.of("preset", "public_chat"));
		service.answer("check_event_for_spam", Answer.drop());
		assertThat(matrix.sendMessage(erin, room, "still here").status()).isEqualTo(200);
		assertThat(service.received("check_event_for_spam")).isNotEmpty();
	}

	@Test
	void aServiceThatDoesNotAnswerInTimeIsTreatedAsFailedAndFailOpenDecides() {
		User frank = matrix.register("frank");
		User grace = matrix.register("grace");
		String room = matrix.createdRoom(frank, Map.of("preset", "public_chat"));
		service.answer("user_may_create_room_alias", Answer.hang());
		service.answer("user_may_invite", Answer.hang());

		Reply alias = matrix.request("PUT", "/_matrix/client/v3/directory/room/%23frank:localhost", frank,
				Map.of("room_id", room));
		assertThat(alias.status()).as("fail_open: true").isEqualTo(200);

		Reply invite = matrix.invite(frank, room, grace.userId());
		assertThat(invite.status()).as("fail_open: false (the default)").isEqualTo(403);
		assertThat(invite.body().get("errcode").asString()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void anAsyncCallbackIsSentWithoutWaitingAndAllowsTheAction() {
		User heidi = matrix.register("heidi");
		User ivan = matrix.register("ivan");
		String room = matrix.createdRoom(heidi, Map.of("preset", "public_chat"));
		service.answer("user_may_join_room", Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_NO_JOIN\"}"));
		Reply joined = matrix.request("POST", "/_matrix/client/v3/rooms/" + room + "/join", ivan, Map.of());
		assertThat(joined.status()).isEqualTo(200);
		Request request = service.awaitRequest("user_may_join_room",
				(body) -> body.path("user").asString("").equals(ivan.userId()));
		assertThat(request.body().get("room").asString()).isEqualTo(room);
		assertThat(request.body().get("is_invited").asBoolean()).isFalse();
	}

	@Test
	void anInviteIsForwardedWithItsParties() {
		User judy = matrix.register("judy");
		User ken = matrix.register("ken");
		String room = matrix.createdRoom(judy, Map.of("preset", "public_chat"));
		service.answer("user_may_invite", (body) -> body.path("invitee").asString("").equals(ken.userId())
				? AntispamService.Response.json(403, "{\"errcode\": \"ORG_EXAMPLE_NO_INVITES\"}")
				: AntispamService.Response.json(200, "{}"));
		Reply invite = matrix.invite(judy, room, ken.userId());
		assertThat(invite.status()).isEqualTo(403);
		assertThat(invite.body().get("errcode").asString()).isEqualTo("ORG_EXAMPLE_NO_INVITES");
		JsonNode body = service.received("user_may_invite").get(0).body();
		assertThat(body.get("inviter").asString()).isEqualTo(judy.userId());
		assertThat(body.get("room_id").asString()).isEqualTo(room);
	}

	@Test
	void theUserDirectoryHidesTheUsersTheServiceDenies() {
		User searcher = matrix.register("searcher");
		matrix.register("dir-shown");
		matrix.register("dir-hidden");
		service.answer("check_username_for_spam",
				(body) -> body.path("user_profile").path("user_id").asString("").contains("hidden")
						? AntispamService.Response.json(403, "{}") : AntispamService.Response.json(200, "{}"));
		Reply search = matrix.request("POST", "/_matrix/client/v3/user_directory/search", searcher,
				Map.of("search_term", "dir-"));
		assertThat(search.status()).isEqualTo(200);
		assertThat(search.body().get("results").valueStream().map((user) -> user.get("user_id").asString()))
			.containsExactly("@dir-shown:localhost");
		assertThat(service.received("check_username_for_spam").get(0).body().get("requester_id").asString())
			.isEqualTo(searcher.userId());
	}

	@Test
	void aRegistrationTheServiceDeniesIsRefused() {
		service.answer("check_registration_for_spam",
				(body) -> body.path("username").asString("").equals("spammer")
						? AntispamService.Response.json(403, "{}") : AntispamService.Response.json(200, "{}"));
		Reply refused = matrix.tryRegister("spammer", MatrixTestClient.PASSWORD);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(matrix.tryRegister("not-a-spammer", MatrixTestClient.PASSWORD).status()).isEqualTo(200);
		JsonNode requestInfo = service.received("check_registration_for_spam").get(0).body().get("request_info");
		assertThat(requestInfo.get(0).get(1).asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void aLoginTheServiceDeniesIsBlockedWithItsErrcode() {
		User mallory = matrix.register("mallory");
		service.answer("check_login_for_spam", Answer.deny(403, "{\"errcode\": \"ORG_EXAMPLE_BANNED\"}"));
		Reply login = matrix.login(loginBody("m.login.password", "mallory", "password", MatrixTestClient.PASSWORD));
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.body().get("errcode").asString()).isEqualTo("ORG_EXAMPLE_BANNED");
		assertThat(service.received("check_login_for_spam").get(0).body().get("user_id").asString())
			.isEqualTo(mallory.userId());
	}

}

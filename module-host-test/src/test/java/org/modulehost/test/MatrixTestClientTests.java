package org.modulehost.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.api.ModuleApi;
import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Matrix test client against the reference homeserver.
 */
class MatrixTestClientTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class).module(PlainText.class)
			.module(NoShouting.class)
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void theHomeserverRunsOnAnInMemoryDatabaseWithCheapHashingAndRelaxedRateLimits() {
		assertThat(host.context().getEnvironment().getProperty("spring.datasource.url"))
			.startsWith("jdbc:h2:mem:homeserver-");
		HomeserverProperties properties = host.bean(HomeserverProperties.class);
		assertThat(properties.getPasswords().getBcryptRounds()).isEqualTo(4);
		assertThat(properties.getRatelimit().getMessage().getPerSecond()).isEqualTo(1000);
		assertThat(properties.getRatelimit().getInvites().getBurstCount()).isEqualTo(1000);
	}

	@Test
	void aRegisteredUsersAccessTokenIdentifiesThem() {
		String localpart = MatrixTestClient.unique("alice");
		User alice = matrix.register(localpart);
		assertThat(alice.userId()).isEqualTo("@" + localpart + ":localhost");
		Reply whoami = matrix.whoami(alice);
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.body().path("user_id").asString()).isEqualTo(alice.userId());
	}

	@Test
	void registeringATakenNameAnswersTheServersErrorOrFailsNamingIt() {
		String localpart = MatrixTestClient.unique("taken");
		matrix.register(localpart);
		Reply again = matrix.tryRegister(localpart, "another password");
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.errcode()).isEqualTo("M_USER_IN_USE");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> matrix.register(localpart))
			.withMessageStartingWith("Registering " + localpart + ": Reply[status=400")
			.withMessageContaining("M_USER_IN_USE");
	}

	@Test
	void aPasswordLoginGivesANewAccessTokenAndAWrongPasswordIsRefused() {
		User bob = matrix.register(MatrixTestClient.unique("bob"), "bobs password");
		User again = matrix.loginWithPassword(bob.userId(), "bobs password");
		assertThat(again.userId()).isEqualTo(bob.userId());
		assertThat(again.accessToken()).isNotEqualTo(bob.accessToken());
		assertThat(matrix.whoami(again).body().path("user_id").asString()).isEqualTo(bob.userId());
		Reply wrong = matrix.login(MatrixTestClient.loginBody("m.login.password", bob.userId(), "password", "wrong"));
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void anInvitedUserJoinsAndEveryMemberSeesTheMembership() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		User bob = matrix.register(MatrixTestClient.unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("name", "Tea"));
		assertThat(matrix.membership(alice, roomId, bob.userId())).isEmpty();
		assertThat(matrix.invite(alice, roomId, bob.userId()).status()).isEqualTo(200);
		assertThat(matrix.membership(alice, roomId, bob.userId())).hasValue("invite");
		assertThat(matrix.join(bob, roomId).status()).isEqualTo(200);
		matrix.awaitMembership(alice, roomId, bob.userId(), "join");
		assertThat(matrix.state(bob, roomId, "m.room.name", "").body().path("name").asString()).isEqualTo("Tea");
	}

	@Test
	void aDirectChatInviteCarriesIsDirect() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		User bob = matrix.register(MatrixTestClient.unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.inviteToDirectChat(alice, roomId, bob.userId()).status()).isEqualTo(200);
		JsonNode member = matrix.state(alice, roomId, "m.room.member", bob.userId()).body();
		assertThat(member.path("membership").asString()).isEqualTo("invite");
		assertThat(member.path("is_direct").asBoolean()).isTrue();
	}

	@Test
	void aStateEventIsReadBackAndAMissingOneIsNotFound() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThat(matrix.putState(alice, roomId, "m.room.topic", "", Map.of("topic", "scones")).status())
			.isEqualTo(200);
		assertThat(matrix.state(alice, roomId, "m.room.topic", "").body().path("topic").asString())
			.isEqualTo("scones");
		Reply missing = matrix.state(alice, roomId, "org.example.nothing", "");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void sentMessagesReachTheOtherMembersSync() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		User bob = matrix.register(MatrixTestClient.unique("bob"));
		String roomId = matrix.createdRoom(alice, Map.of("invite", List.of(bob.userId())));
		matrix.join(bob, roomId);
		String since = matrix.sync(bob).body().path("next_batch").asString();
		Reply first = matrix.sendMessage(alice, roomId, "one lump or two?");
		Reply second = matrix.sendMessage(alice, roomId, "one lump or two?");
		assertThat(first.status()).isEqualTo(200);
		assertThat(second.body().path("event_id").asString()).isNotEqualTo(first.body().path("event_id").asString());
		Reply sync = matrix.sync(bob, since, Duration.ofSeconds(5));
		assertThat(sync.status()).isEqualTo(200);
		JsonNode timeline = sync.body().path("rooms").path("join").path(roomId).path("timeline").path("events");
		assertThat(timeline.valueStream()
			.filter((event) -> event.path("type").asString().equals("m.room.message"))
			.map((event) -> event.path("content").path("body").asString()))
			.containsExactly("one lump or two?", "one lump or two?");
	}

	@Test
	void accountDataIsWrittenAndReadBackAndMissingAccountDataIsNotFound() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		assertThat(matrix.accountData(alice, "org.example.settings").status()).isEqualTo(404);
		assertThat(matrix.putAccountData(alice, "org.example.settings", Map.of("theme", "dark")).status())
			.isEqualTo(200);
		assertThat(matrix.accountData(alice, "org.example.settings").body().path("theme").asString())
			.isEqualTo("dark");
	}

	@Test
	void awaitingAMembershipThatDoesNotComeTimesOut() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		String roomId = matrix.createdRoom(alice, Map.of());
		assertThatExceptionOfType(ConditionTimeoutException.class)
			.isThrownBy(() -> matrix.awaitMembership(alice, roomId, alice.userId(), "leave", Duration.ofMillis(300)))
			.withMessageContaining("membership of " + alice.userId() + " in " + roomId + " to be leave");
	}

	@Test
	void anyRequestIsSentAndAStringBodyGoesAsItIs() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		Reply notJson = matrix.request("PUT", MatrixTestClient.accountDataPath(alice.userId(), "org.example.x"),
				alice, "{not json");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");
		assertThat(matrix.request("GET", "/_matrix/client/versions", null, null).body().path("versions").isArray())
			.isTrue();
	}

	@Test
	void anAnswerThatIsNotJsonFailsNamingTheRequest() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> matrix.request("GET", "/_synapse/client/plain", null, null))
			.withMessage("GET /_synapse/client/plain answered 200 with a body that is not JSON: plain text");
		assertThat(host.get("/_synapse/client/plain").body()).isEqualTo("plain text");
	}

	@Test
	void aModulesRefusalReachesTheClientWithItsCodeAndFields() {
		User alice = matrix.register(MatrixTestClient.unique("alice"));
		String roomId = matrix.createdRoom(alice, Map.of());
		Reply reply = matrix.sendMessage(alice, roomId, "STOP SHOUTING AT ME");
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.errcode()).isEqualTo("ORG_EXAMPLE_SHOUTING");
		assertThat(reply.body().path("hint").asString()).isEqualTo("lower your voice");
		assertThat(matrix.sendMessage(alice, roomId, "hello").status()).isEqualTo(200);
	}

	/** The example module of docs/homeserver.md and docs/testing.md. */
	public static class NoShouting implements SpamCheckerCallbacks {

		public NoShouting(Map<String, Object> config, HomeserverModuleApi api) {
			api.registerSpamCheckerCallbacks(this);
		}

		@Override
		public CompletionStage<SpamCheck> checkEventForSpam(Event event) {
			boolean shouting = event.content().get("body") instanceof String body && body.length() > 10
					&& body.equals(body.toUpperCase());
			return CompletableFuture.completedFuture(shouting
					? SpamCheck.deny("ORG_EXAMPLE_SHOUTING", Map.of("hint", "lower your voice")) : SpamCheck.NOT_SPAM);
		}

	}

	/** Serves a body that is not JSON. */
	public static class PlainText {

		public PlainText(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource("/_synapse/client/plain", (request, response) -> {
				response.setContentType("text/plain");
				response.getOutputStream().write("plain text".getBytes(StandardCharsets.UTF_8));
			});
		}

	}

}

package org.modulehost.test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Matrix client for tests: talks to the homeserver of a {@link ModuleTestHost} over HTTP, as an
 * app such as Element does, so that a test drives a module the way its users will.
 *
 * <pre>{@code
 * try (ModuleTestHost host = MatrixTestClient.homeserver(ModuleHostApplication.class)
 *         .module(UserRestrictionsModule.class, Map.of("rules", List.of(), "default_deny", List.of("create_room")))
 *         .start()) {
 *     MatrixTestClient matrix = new MatrixTestClient(host);
 *     User alice = matrix.register(MatrixTestClient.unique("alice"));
 *     Reply reply = matrix.createRoom(alice, Map.of("preset", "public_chat"));
 *     assertThat(reply.status()).isEqualTo(403);
 *     assertThat(reply.errcode()).isEqualTo("M_FORBIDDEN");
 * }
 * }</pre>
 *
 * <p>Each call is one request (registration, which is user-interactive, is two) and returns
 * the server's answer as a {@link Reply}: the status and the JSON body. Methods named after a
 * result ({@link #register(String)}, {@link #createdRoom(User, Map)},
 * {@link #loginWithPassword(String, String)}) expect success and throw an
 * {@link AssertionError} with the server's answer otherwise; the others leave the checking to
 * the test. A client keeps no state but a counter for transaction IDs: one instance may serve
 * any number of users and threads.
 */
public final class MatrixTestClient {

	/** The password {@link #register(String)} gives a user. */
	public static final String PASSWORD = "correct horse battery staple";

	private static final String CLIENT = "/_matrix/client/v3";

	private static final Duration MEMBERSHIP_WAIT = Duration.ofSeconds(10);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final ModuleTestHost host;

	private final String transactionPrefix = unique("txn");

	private final AtomicLong transactions = new AtomicLong();

	/**
	 * Creates a client of a host's homeserver.
	 * @param host a running host with a web server
	 */
	public MatrixTestClient(ModuleTestHost host) {
		this.host = host;
	}

	/**
	 * Describes a host running the reference homeserver for a test: on a random port, with an
	 * in-memory H2 database no other host shares, cheap password hashing (bcrypt with 4 rounds),
	 * rate limits no test reaches (message, invite, login, registration, join and room creation:
	 * every test's client comes from the same address), and open registration without
	 * verification ({@code homeserver.registration.enabled} and {@code .allow-without-verification}:
	 * a production homeserver has registration closed by default), so that {@link #register(String)}
	 * works. These are
	 * {@link ModuleTestHost.Builder#property properties}, which win over the application's own
	 * {@code application.yml}; a later {@code property(...)} with the same key replaces one of
	 * them (e.g. {@code spring.datasource.url} for PostgreSQL). The property names are the
	 * reference homeserver's ({@code homeserver.*}): another host ignores them.
	 * @param application the homeserver's application class(es), e.g.
	 * {@code ModuleHostApplication.class}, and any test configuration to add to it
	 * @return the builder, to add modules and properties to
	 */
	public static ModuleTestHost.Builder homeserver(Class<?>... application) {
		return ModuleTestHost.builder()
			.application(application)
			.property("spring.datasource.url", "jdbc:h2:mem:" + unique("homeserver") + ";DB_CLOSE_DELAY=-1")
			.property("homeserver.passwords.bcrypt-rounds", 4)
			.property("homeserver.registration.enabled", true)
			.property("homeserver.registration.allow-without-verification", true)
			.property("homeserver.ratelimit.message.per-second", 1000)
			.property("homeserver.ratelimit.message.burst-count", 1000)
			.property("homeserver.ratelimit.invites.per-second", 1000)
			.property("homeserver.ratelimit.invites.burst-count", 1000)
			.property("homeserver.ratelimit.login-address.per-second", 1000)
			.property("homeserver.ratelimit.login-address.burst-count", 1000)
			.property("homeserver.ratelimit.login-account.per-second", 1000)
			.property("homeserver.ratelimit.login-account.burst-count", 1000)
			.property("homeserver.ratelimit.login-failed-attempts.per-second", 1000)
			.property("homeserver.ratelimit.login-failed-attempts.burst-count", 1000)
			.property("homeserver.ratelimit.registration.per-second", 1000)
			.property("homeserver.ratelimit.registration.burst-count", 1000)
			.property("homeserver.ratelimit.joins-local.per-second", 1000)
			.property("homeserver.ratelimit.joins-local.burst-count", 1000)
			.property("homeserver.ratelimit.room-creation.per-second", 1000)
			.property("homeserver.ratelimit.room-creation.burst-count", 1000);
	}

	/**
	 * Returns a lower-case name no other call returns, for users and rooms of tests that share a
	 * homeserver.
	 * @param prefix the start of the name, e.g. {@code alice}
	 * @return e.g. {@code alice-3f2a9c1e}
	 */
	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Encodes one segment of a path, e.g. a room or user ID.
	 * @param pathSegment the segment
	 * @return the segment, percent-encoded
	 */
	public static String encode(String pathSegment) {
		return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Parses the body of a response, e.g. one of {@link ModuleTestHost#get(String, String...)}.
	 * @param response the response
	 * @return its JSON body; an empty object when the body is empty
	 * @throws AssertionError when the body is not JSON
	 */
	public static JsonNode json(HttpResponse<String> response) {
		String body = response.body();
		if (body == null || body.isEmpty()) {
			return mapper.createObjectNode();
		}
		try {
			return mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new AssertionError(response.request().method() + " " + response.uri().getRawPath() + " answered "
					+ response.statusCode() + " with a body that is not JSON: " + body, ex);
		}
	}

	/**
	 * Builds the body of a {@code /login} request that identifies the user by user ID or
	 * localpart.
	 * @param type the login type, e.g. {@code m.login.password}
	 * @param user the user ID or localpart
	 * @param field the field that proves it, e.g. {@code password} or {@code token}
	 * @param value its value
	 * @return the body for {@link #login(Map)}
	 */
	public static Map<String, Object> loginBody(String type, String user, String field, String value) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("identifier", Map.of("type", "m.id.user", "user", user));
		body.put(field, value);
		return body;
	}

	/**
	 * Returns the path of a user's global account data of a type.
	 * @param userId the user ID
	 * @param type the account data type, e.g. {@code m.direct}
	 * @return the path
	 */
	public static String accountDataPath(String userId, String type) {
		return CLIENT + "/user/" + encode(userId) + "/account_data/" + encode(type);
	}

	/**
	 * Returns the host this client talks to.
	 * @return the host
	 */
	public ModuleTestHost host() {
		return this.host;
	}

	/**
	 * Registers a user with the password {@link #PASSWORD}.
	 * @param localpart the localpart; {@link #unique(String)} makes one no other test takes
	 * @return the user, logged in
	 * @throws AssertionError when the server refuses
	 */
	public User register(String localpart) {
		return register(localpart, PASSWORD);
	}

	/**
	 * Registers a user.
	 * @param localpart the localpart
	 * @param password the password
	 * @return the user, logged in
	 * @throws AssertionError when the server refuses
	 */
	public User register(String localpart, String password) {
		return user(tryRegister(localpart, password), "Registering " + localpart);
	}

	/**
	 * Tries to register a user through user-interactive authentication, as a client does: a
	 * first request without {@code auth} is answered 401 with a session and the flows, and the
	 * same request again completes the {@code m.login.dummy} stage in that session.
	 * @param localpart the localpart
	 * @param password the password
	 * @return the answer to the second request, or to the first when it was not 401 (e.g.
	 * {@code M_USER_IN_USE})
	 * @throws AssertionError when the server offers no flow of the single stage
	 * {@code m.login.dummy}
	 */
	public Reply tryRegister(String localpart, String password) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", localpart);
		body.put("password", password);
		Reply challenge = request("POST", CLIENT + "/register", null, body);
		if (challenge.status() != 401) {
			return challenge;
		}
		boolean dummy = challenge.body()
			.path("flows")
			.valueStream()
			.anyMatch((flow) -> flow.path("stages").size() == 1
					&& "m.login.dummy".equals(flow.path("stages").path(0).asString("")));
		String session = challenge.body().path("session").asString("");
		if (!dummy || session.isEmpty()) {
			throw new AssertionError("Registering " + localpart
					+ ": the server offers no session with the flow [m.login.dummy]: " + challenge);
		}
		body.put("auth", Map.of("type", "m.login.dummy", "session", session));
		return request("POST", CLIENT + "/register", null, body);
	}

	/**
	 * Sends a {@code POST /login}.
	 * @param body the request, e.g. from {@link #loginBody(String, String, String, String)}
	 * @return the answer
	 */
	public Reply login(Map<String, ?> body) {
		return request("POST", CLIENT + "/login", null, body);
	}

	/**
	 * Logs a user in with a password: a new device and access token.
	 * @param user the user ID or localpart
	 * @param password the password
	 * @return the user with the new access token
	 * @throws AssertionError when the server refuses
	 */
	public User loginWithPassword(String user, String password) {
		return user(login(loginBody("m.login.password", user, "password", password)), "Logging " + user + " in");
	}

	/**
	 * Asks who owns an access token ({@code GET /account/whoami}).
	 * @param user the user
	 * @return the answer, with {@code user_id} on success
	 */
	public Reply whoami(User user) {
		return request("GET", CLIENT + "/account/whoami", user, null);
	}

	/**
	 * Sends a {@code POST /createRoom}.
	 * @param creator who creates the room
	 * @param body the request, e.g. {@code Map.of("preset", "public_chat")}
	 * @return the answer
	 */
	public Reply createRoom(User creator, Map<String, ?> body) {
		return request("POST", CLIENT + "/createRoom", creator, body);
	}

	/**
	 * Creates a room.
	 * @param creator who creates the room
	 * @param body the request, e.g. {@code Map.of("invite", List.of(bob.userId()))}
	 * @return the room ID
	 * @throws AssertionError when the server refuses
	 */
	public String createdRoom(User creator, Map<String, ?> body) {
		Reply reply = createRoom(creator, body);
		if (reply.status() != 200) {
			throw new AssertionError("Creating a room as " + creator.userId() + ": " + reply);
		}
		return reply.body().path("room_id").asString();
	}

	/**
	 * Invites a user ({@code POST /rooms/{roomId}/invite}).
	 * @param inviter who invites
	 * @param roomId the room
	 * @param invitee the user ID of who is invited
	 * @return the answer
	 */
	public Reply invite(User inviter, String roomId, String invitee) {
		return request("POST", CLIENT + "/rooms/" + encode(roomId) + "/invite", inviter, Map.of("user_id", invitee));
	}

	/**
	 * Invites a user to a direct chat: the invite is sent as the invitee's
	 * {@code m.room.member} state event with {@code is_direct: true}, as clients do for a room
	 * that becomes a direct chat after it was created.
	 * @param inviter who invites
	 * @param roomId the room
	 * @param invitee the user ID of who is invited
	 * @return the answer
	 */
	public Reply inviteToDirectChat(User inviter, String roomId, String invitee) {
		return putState(inviter, roomId, "m.room.member", invitee, Map.of("membership", "invite", "is_direct", true));
	}

	/**
	 * Joins a room ({@code POST /join/{roomIdOrAlias}}).
	 * @param user who joins
	 * @param roomIdOrAlias the room ID or alias
	 * @return the answer
	 */
	public Reply join(User user, String roomIdOrAlias) {
		return request("POST", CLIENT + "/join/" + encode(roomIdOrAlias), user, Map.of());
	}

	/**
	 * Sends a text message ({@code m.room.message} with {@code msgtype} {@code m.text}).
	 * @param sender who sends it
	 * @param roomId the room
	 * @param text the message
	 * @return the answer, with {@code event_id} on success
	 */
	public Reply sendMessage(User sender, String roomId, String text) {
		return sendEvent(sender, roomId, "m.room.message", Map.of("msgtype", "m.text", "body", text));
	}

	/**
	 * Sends a message event ({@code PUT /rooms/{roomId}/send/{type}/{txnId}}) with a new
	 * transaction ID.
	 * @param sender who sends it
	 * @param roomId the room
	 * @param type the event type
	 * @param content the event's content
	 * @return the answer, with {@code event_id} on success
	 */
	public Reply sendEvent(User sender, String roomId, String type, Map<String, ?> content) {
		String txnId = this.transactionPrefix + "-" + this.transactions.incrementAndGet();
		return request("PUT", CLIENT + "/rooms/" + encode(roomId) + "/send/" + encode(type) + "/" + txnId, sender,
				content);
	}

	/**
	 * Reads the content of a state event ({@code GET /rooms/{roomId}/state/{type}/{stateKey}}).
	 * @param user who reads it
	 * @param roomId the room
	 * @param type the event type
	 * @param stateKey the state key, {@code ""} for none
	 * @return the answer: the content on success, 404 {@code M_NOT_FOUND} when there is no such
	 * event
	 */
	public Reply state(User user, String roomId, String type, String stateKey) {
		return request("GET", statePath(roomId, type, stateKey), user, null);
	}

	/**
	 * Sends a state event ({@code PUT /rooms/{roomId}/state/{type}/{stateKey}}).
	 * @param sender who sends it
	 * @param roomId the room
	 * @param type the event type
	 * @param stateKey the state key, {@code ""} for none
	 * @param content the event's content
	 * @return the answer, with {@code event_id} on success
	 */
	public Reply putState(User sender, String roomId, String type, String stateKey, Map<String, ?> content) {
		return request("PUT", statePath(roomId, type, stateKey), sender, content);
	}

	/**
	 * Reads a user's membership of a room as another user sees it.
	 * @param observer who looks, a member of the room
	 * @param roomId the room
	 * @param userId whose membership
	 * @return the membership ({@code invite}, {@code join}, {@code leave}, {@code ban},
	 * {@code knock}), or empty when the user has none or the observer may not see the room
	 */
	public Optional<String> membership(User observer, String roomId, String userId) {
		Reply reply = state(observer, roomId, "m.room.member", userId);
		String membership = reply.body().path("membership").asString("");
		return (reply.status() == 200 && !membership.isEmpty()) ? Optional.of(membership) : Optional.empty();
	}

	/**
	 * Waits up to 10 seconds until a user's membership is the one given, e.g. until a module
	 * that acts in the background joined an invited user.
	 * @param observer who looks, a member of the room
	 * @param roomId the room
	 * @param userId whose membership
	 * @param membership the membership to wait for, e.g. {@code join}
	 * @throws org.awaitility.core.ConditionTimeoutException when it is not reached in time
	 */
	public void awaitMembership(User observer, String roomId, String userId, String membership) {
		awaitMembership(observer, roomId, userId, membership, MEMBERSHIP_WAIT);
	}

	/**
	 * Waits until a user's membership is the one given.
	 * @param observer who looks, a member of the room
	 * @param roomId the room
	 * @param userId whose membership
	 * @param membership the membership to wait for, e.g. {@code join}
	 * @param atMost how long to wait
	 * @throws org.awaitility.core.ConditionTimeoutException when it is not reached in time
	 */
	public void awaitMembership(User observer, String roomId, String userId, String membership, Duration atMost) {
		Awaitility.await("membership of " + userId + " in " + roomId + " to be " + membership)
			.atMost(atMost)
			.until(() -> membership.equals(membership(observer, roomId, userId).orElse(null)));
	}

	/**
	 * Syncs from the start, without waiting ({@code GET /sync?timeout=0}).
	 * @param user who syncs
	 * @return the answer, with {@code next_batch} and {@code rooms}
	 */
	public Reply sync(User user) {
		return sync(user, null, Duration.ZERO);
	}

	/**
	 * Syncs from a position, waiting for something new up to a timeout.
	 * @param user who syncs
	 * @param since the {@code next_batch} of an earlier sync, or {@code null} from the start
	 * @param timeout how long the server may wait for something new
	 * @return the answer, with {@code next_batch} and {@code rooms}
	 */
	public Reply sync(User user, @Nullable String since, Duration timeout) {
		String query = "?timeout=" + timeout.toMillis() + ((since != null) ? "&since=" + encode(since) : "");
		return request("GET", CLIENT + "/sync" + query, user, null);
	}

	/**
	 * Reads a user's global account data of a type.
	 * @param user the user, who reads their own account data
	 * @param type the type, e.g. {@code m.direct}
	 * @return the answer: the content on success, 404 when there is none
	 */
	public Reply accountData(User user, String type) {
		return request("GET", accountDataPath(user.userId(), type), user, null);
	}

	/**
	 * Writes a user's global account data of a type.
	 * @param user the user, who writes their own account data
	 * @param type the type
	 * @param content the content
	 * @return the answer
	 */
	public Reply putAccountData(User user, String type, Map<String, ?> content) {
		return request("PUT", accountDataPath(user.userId(), type), user, content);
	}

	/**
	 * Sends any request, e.g. to a module's web resource.
	 * @param method the HTTP method
	 * @param path the path with its query, encoded (see {@link #encode(String)})
	 * @param user whose access token to send, or {@code null} for none
	 * @param body {@code null} for no body; a {@code String} is sent as it is (e.g. to send
	 * something that is not JSON); anything else is written as JSON
	 * @return the answer
	 * @throws AssertionError when the answer's body is neither empty nor JSON
	 */
	public Reply request(String method, String path, @Nullable User user, @Nullable Object body) {
		String text = (body == null || body instanceof String) ? (String) body : mapper.writeValueAsString(body);
		HttpResponse<String> response = (user != null)
				? this.host.request(method, path, text, "Authorization", "Bearer " + user.accessToken())
				: this.host.request(method, path, text);
		return new Reply(response.statusCode(), json(response));
	}

	private static String statePath(String roomId, String type, String stateKey) {
		return CLIENT + "/rooms/" + encode(roomId) + "/state/" + encode(type) + "/" + encode(stateKey);
	}

	private static User user(Reply reply, String action) {
		String userId = reply.body().path("user_id").asString("");
		String accessToken = reply.body().path("access_token").asString("");
		if (reply.status() != 200 || userId.isEmpty() || accessToken.isEmpty()) {
			throw new AssertionError(action + ": " + reply);
		}
		return new User(userId, accessToken);
	}

	/**
	 * A user and one of their access tokens.
	 *
	 * @param userId the user ID, e.g. {@code @alice:localhost}
	 * @param accessToken the access token sent as {@code Authorization: Bearer}
	 */
	public record User(String userId, String accessToken) {

	}

	/**
	 * An answer of the server.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body; an empty object when the body was empty
	 */
	public record Reply(int status, JsonNode body) {

		/**
		 * Returns the Matrix error code of an error answer.
		 * @return the {@code errcode}, e.g. {@code M_FORBIDDEN}, or {@code ""} when there is
		 * none
		 */
		public String errcode() {
			return this.body.path("errcode").asString("");
		}

		/**
		 * Returns the human-readable error message of an error answer.
		 * @return the {@code error}, or {@code ""} when there is none
		 */
		public String error() {
			return this.body.path("error").asString("");
		}

	}

}

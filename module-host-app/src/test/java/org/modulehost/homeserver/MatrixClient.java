package org.modulehost.homeserver;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small Matrix client for tests: speaks JSON over HTTP to a homeserver, as a real client does.
 */
final class MatrixClient {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final AtomicLong transactions = new AtomicLong();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private @Nullable String accessToken;

	private @Nullable String userId;

	private @Nullable String deviceId;

	/** The client address a trusted proxy reports (X-Forwarded-For), or none. */
	private @Nullable String forwardedFor;

	MatrixClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	static MatrixClient at(int port) {
		return new MatrixClient("http://localhost:" + port);
	}

	/** Returns a localpart no other test uses. */
	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	MatrixClient anonymous() {
		return new MatrixClient(this.baseUrl);
	}

	String userId() {
		return this.userId;
	}

	String deviceId() {
		return this.deviceId;
	}

	String accessToken() {
		return this.accessToken;
	}

	/** The same user and device, talking to the homeserver instance on another port. */
	MatrixClient on(int port) {
		MatrixClient client = MatrixClient.at(port);
		client.accessToken = this.accessToken;
		client.userId = this.userId;
		client.deviceId = this.deviceId;
		return client;
	}

	/** The same client, seen by the server as coming from {@code address} through a proxy. */
	MatrixClient from(String address) {
		MatrixClient client = new MatrixClient(this.baseUrl);
		client.accessToken = this.accessToken;
		client.userId = this.userId;
		client.deviceId = this.deviceId;
		client.forwardedFor = address;
		return client;
	}

	MatrixClient withToken(String token) {
		MatrixClient client = new MatrixClient(this.baseUrl);
		client.accessToken = token;
		return client;
	}

	/** Registers a new user through the two-step dummy flow and keeps its access token. */
	MatrixClient register(String localpart, String password) {
		Response first = post("/_matrix/client/v3/register", Map.of("username", localpart, "password", password));
		assertThat(first.status()).as(first.toString()).isEqualTo(401);
		Response second = post("/_matrix/client/v3/register", Map.of("username", localpart, "password", password,
				"auth", Map.of("type", "m.login.dummy", "session", first.string("session"))));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		MatrixClient client = new MatrixClient(this.baseUrl);
		client.accessToken = second.string("access_token");
		client.userId = second.string("user_id");
		client.deviceId = second.string("device_id");
		return client;
	}

	MatrixClient register(String localpart) {
		return register(localpart, "correct horse battery staple");
	}

	/** Logs in with a password and keeps the new access token. */
	MatrixClient login(String user, String password) {
		Response response = post("/_matrix/client/v3/login", Map.of("type", "m.login.password", "identifier",
				Map.of("type", "m.id.user", "user", user), "password", password));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		MatrixClient client = new MatrixClient(this.baseUrl);
		client.accessToken = response.string("access_token");
		client.userId = response.string("user_id");
		client.deviceId = response.string("device_id");
		return client;
	}

	String createRoom(Map<String, Object> body) {
		Response response = post("/_matrix/client/v3/createRoom", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.string("room_id");
	}

	String sendMessage(String roomId, String text) {
		Response response = send(roomId, "m.room.message", nextTxn(), Map.of("msgtype", "m.text", "body", text));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.string("event_id");
	}

	Response send(String roomId, String type, String txnId, Map<String, Object> content) {
		return put("/_matrix/client/v3/rooms/" + encode(roomId) + "/send/" + encode(type) + "/" + encode(txnId),
				content);
	}

	static String nextTxn() {
		return "txn" + transactions.incrementAndGet() + "-" + System.nanoTime();
	}

	Response join(String roomIdOrAlias) {
		return post("/_matrix/client/v3/join/" + encode(roomIdOrAlias), Map.of());
	}

	Response invite(String roomId, String userId) {
		return post("/_matrix/client/v3/rooms/" + encode(roomId) + "/invite", Map.of("user_id", userId));
	}

	Response sync(@Nullable String since, long timeoutMs) {
		String query = (since != null) ? "?since=" + encode(since) + "&timeout=" + timeoutMs : "?timeout=0";
		return get("/_matrix/client/v3/sync" + query);
	}

	CompletableFuture<Response> syncAsync(String since, long timeoutMs) {
		return sendAsync(request("/_matrix/client/v3/sync?since=" + encode(since) + "&timeout=" + timeoutMs)
			.GET()
			.build());
	}

	Response get(String path) {
		return exchange(request(path).GET().build());
	}

	Response delete(String path) {
		return exchange(request(path).DELETE().build());
	}

	Response post(String path, Object body) {
		return exchange(request(path).POST(body(body)).header("Content-Type", "application/json").build());
	}

	Response put(String path, Object body) {
		return exchange(request(path).PUT(body(body)).header("Content-Type", "application/json").build());
	}

	Response raw(String method, String path, @Nullable String body) {
		return raw(method, path, body, "application/json");
	}

	Response raw(String method, String path, @Nullable String body, String contentType) {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		return exchange(request(path).method(method, publisher).header("Content-Type", contentType).build());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("User-Agent", "module-host-tests");
		if (this.accessToken != null) {
			builder.header("Authorization", "Bearer " + this.accessToken);
		}
		if (this.forwardedFor != null) {
			builder.header("X-Forwarded-For", this.forwardedFor);
		}
		return builder;
	}

	private static HttpRequest.BodyPublisher body(Object body) {
		return HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
	}

	private Response exchange(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return Response.of(response);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted: " + request.uri(), ex);
		}
	}

	private CompletableFuture<Response> sendAsync(HttpRequest request) {
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Response::of);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> content(Map<String, Object> event) {
		return (Map<String, Object>) event.get("content");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> unsigned(Map<String, Object> event) {
		return (Map<String, Object>) event.get("unsigned");
	}

	static @Nullable Object body(Map<String, Object> event) {
		Map<String, Object> content = content(event);
		return (content != null) ? content.get("body") : null;
	}

	static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A response: its status, content type and JSON body.
	 */
	record Response(int status, @Nullable String contentType, String text, Map<String, Object> body,
			@Nullable Object json) {

		@SuppressWarnings("unchecked")
		static Response of(HttpResponse<String> response) {
			Object parsed = null;
			if (!response.body().isEmpty()) {
				try {
					parsed = mapper.readValue(response.body(), Object.class);
				}
				catch (tools.jackson.core.JacksonException ex) {
					parsed = null;
				}
			}
			Map<String, Object> body = (parsed instanceof Map<?, ?> map) ? (Map<String, Object>) map
					: new LinkedHashMap<>();
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body(), body, parsed);
		}

		String string(String field) {
			return (String) this.body.get(field);
		}

		String errcode() {
			return string("errcode");
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> map(String field) {
			return (Map<String, Object>) this.body.get(field);
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> list(String field) {
			return (List<Map<String, Object>>) this.body.get(field);
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> asList() {
			return (List<Map<String, Object>>) this.json;
		}

		@Override
		public String toString() {
			return this.status + " " + this.text;
		}

	}

}

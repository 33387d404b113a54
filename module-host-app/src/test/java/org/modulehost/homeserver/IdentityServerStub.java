package org.modulehost.homeserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real identity server over HTTP, as far as the homeserver uses one: {@code hash_details},
 * {@code lookup} (sha256 with a pepper), {@code store-invite}, {@code 3pid/bind} and
 * {@code 3pid/unbind}. It records every request; answers can be replaced per path (to fail, to
 * answer too much or no JSON, or to hang until released), keyed by a marker in the request so
 * that tests sharing the stub do not see each other's replacements.
 */
final class IdentityServerStub implements AutoCloseable {

	static final String PEPPER = "matrixrocks";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpServer server;

	private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

	/** Addresses bound to users: "address medium" to the user ID. */
	private final Map<String, String> bound = new ConcurrentHashMap<>();

	/** Validation sessions: sid to {medium, address}. */
	private final Map<String, List<String>> sessions = new ConcurrentHashMap<>();

	/** Answers replacing the normal ones: "path|marker" to the answer. */
	private final Map<String, Answer> replaced = new ConcurrentHashMap<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private final AtomicLong tokens = new AtomicLong();

	private IdentityServerStub(HttpServer server) {
		this.server = server;
	}

	static IdentityServerStub start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			IdentityServerStub stub = new IdentityServerStub(server);
			server.createContext("/_matrix/identity/v2/", stub::handle);
			server.setExecutor(Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "identity-server-stub");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A port nothing listens on: an identity server that is down. */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The id_server clients name: {@code localhost:port}. */
	String name() {
		return "localhost:" + this.server.getAddress().getPort();
	}

	void bind(String medium, String address, String userId) {
		this.bound.put(address + " " + medium, userId);
	}

	void session(String sid, String medium, String address) {
		this.sessions.put(sid, List.of(medium, address));
	}

	/**
	 * Replaces the answer to a path for requests whose body contains a marker.
	 */
	void replace(String path, String marker, Answer answer) {
		this.replaced.put(path + "|" + marker, answer);
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	List<Request> requests(String path, String marker) {
		return this.requests.stream()
			.filter((request) -> request.path().equals(path)
					&& (request.body() + " " + request.authorization()).contains(marker))
			.toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String path = exchange.getRequestURI().getPath();
			Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Authorization"), body);
			this.requests.add(request);
			for (Map.Entry<String, Answer> entry : this.replaced.entrySet()) {
				String[] key = entry.getKey().split("\\|", 2);
				if (key[0].equals(path) && (body + " " + request.authorization()).contains(key[1])) {
					answer(exchange, entry.getValue());
					return;
				}
			}
			answer(exchange, normal(request));
		}
	}

	@SuppressWarnings("unchecked")
	private Answer normal(Request request) {
		Map<String, Object> body = request.body().isEmpty() ? Map.of() : mapper.readValue(request.body(), Map.class);
		return switch (request.path()) {
			case "/_matrix/identity/v2/hash_details" -> Answer.json(200,
					Map.of("algorithms", List.of("none", "sha256"), "lookup_pepper", PEPPER));
			case "/_matrix/identity/v2/lookup" -> {
				Map<String, String> mappings = new java.util.LinkedHashMap<>();
				for (Object value : (List<Object>) body.get("addresses")) {
					this.bound.forEach((plain, userId) -> {
						if (sha256(plain + " " + PEPPER).equals(value)) {
							mappings.put((String) value, userId);
						}
					});
				}
				yield Answer.json(200, Map.of("mappings", mappings));
			}
			case "/_matrix/identity/v2/store-invite" -> Answer.json(200,
					Map.of("token", "invite-token-" + this.tokens.incrementAndGet(), "display_name",
							"a...@" + String.valueOf(body.get("address")).replaceAll(".*@", ""), "public_keys",
							List.of(Map.of("public_key", "c2VydmVyLWtleQ", "key_validity_url",
									"https://" + name() + "/_matrix/identity/v2/pubkey/isvalid")),
							"public_key", "c2VydmVyLWtleQ"));
			case "/_matrix/identity/v2/3pid/bind" -> {
				List<String> session = this.sessions.get(String.valueOf(body.get("sid")));
				if (session == null) {
					yield Answer.json(400, Map.of("errcode", "M_SESSION_NOT_VALIDATED", "error",
							"This validation session has not yet been completed"));
				}
				yield Answer.json(200, Map.of("medium", session.get(0), "address", session.get(1), "mxid",
						body.get("mxid"), "not_before", 0, "not_after", 4_102_444_800_000L, "ts", 0));
			}
			case "/_matrix/identity/v2/3pid/unbind" -> Answer.json(200, Map.of());
			default -> Answer.json(404, Map.of("errcode", "M_UNRECOGNIZED", "error", "Unrecognized request"));
		};
	}

	private void answer(HttpExchange exchange, Answer answer) throws IOException {
		if (answer.hang()) {
			try {
				this.released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(answer.status(), 0);
		try (OutputStream out = exchange.getResponseBody()) {
			byte[] chunk = answer.body();
			for (long written = 0; written < answer.repeat(); written++) {
				out.write(chunk);
			}
		}
		catch (IOException ex) {
			// the homeserver stopped reading: what a bounded read does
		}
	}

	static String sha256(String text) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.released.countDown();
		this.server.stop(0);
	}

	/**
	 * A request the stub received.
	 */
	record Request(String method, String path, @Nullable String query, @Nullable String authorization, String body) {
	}

	/**
	 * An answer: a status and a body, written {@code repeat} times, or no answer at all.
	 */
	record Answer(int status, byte[] body, long repeat, boolean hang) {

		static Answer json(int status, Object body) {
			return new Answer(status, mapper.writeValueAsBytes(body), 1, false);
		}

		static Answer raw(int status, String body) {
			return new Answer(status, body.getBytes(StandardCharsets.UTF_8), 1, false);
		}

		static Answer huge() {
			return new Answer(200, "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",".getBytes(StandardCharsets.UTF_8),
					1_000_000, false);
		}

		static Answer hanging() {
			return new Answer(0, new byte[0], 0, true);
		}

	}

}

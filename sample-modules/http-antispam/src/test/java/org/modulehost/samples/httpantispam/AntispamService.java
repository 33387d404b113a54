package org.modulehost.samples.httpantispam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real antispam service for the tests: a JDK HTTP server on a free port that records every
 * request and answers as the test tells it, per callback (by default {@code 200 {}}).
 */
final class AntispamService implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<Request> received = new CopyOnWriteArrayList<>();

	private final AtomicReference<CountDownLatch> hanging = new AtomicReference<>(new CountDownLatch(1));

	private AntispamService(HttpServer server) {
		this.server = server;
	}

	static AntispamService start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			AntispamService service = new AntispamService(server);
			server.createContext("/antispam/", service::handle);
			server.setExecutor(service.executor);
			server.start();
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns the base URL to configure.
	 * @return {@code http://127.0.0.1:<port>/antispam}
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/antispam";
	}

	/**
	 * Sets how the service answers a callback.
	 * @param callback the callback's name
	 * @param answer the answer
	 */
	void answer(String callback, Answer answer) {
		this.answers.put(callback, answer);
	}

	/**
	 * Forgets the answers and the requests, and lets hanging requests end.
	 */
	void reset() {
		this.answers.clear();
		this.received.clear();
		this.hanging.getAndSet(new CountDownLatch(1)).countDown();
	}

	/**
	 * Waits for a request for a callback that matches a condition.
	 * @param callback the callback's name
	 * @param condition what the request's JSON body must satisfy
	 * @return the first such request
	 */
	Request awaitRequest(String callback, java.util.function.Predicate<JsonNode> condition) {
		AtomicReference<Request> found = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.received.stream()
				.filter((request) -> request.callback().equals(callback) && condition.test(request.body()))
				.findFirst()
				.ifPresent(found::set);
			return found.get() != null;
		});
		return found.get();
	}

	/**
	 * Returns the requests received for a callback so far.
	 * @param callback the callback's name
	 * @return the requests, oldest first
	 */
	List<Request> received(String callback) {
		return this.received.stream().filter((request) -> request.callback().equals(callback)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String callback = exchange.getRequestURI().getPath().substring("/antispam/".length());
			JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
			this.received.add(new Request(callback, exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("Content-Type"), body));
			Answer answer = this.answers.getOrDefault(callback, Answer.allow());
			Response response = answer.respond(body);
			if (response.hang()) {
				awaitRelease();
				return;
			}
			if (response.drop()) {
				return;
			}
			byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", response.contentType());
			exchange.sendResponseHeaders(response.status(), bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	private void awaitRelease() {
		try {
			this.hanging.get().await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.hanging.get().countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * A request the service received.
	 *
	 * @param callback the callback's name (the last path segment)
	 * @param authorization the {@code Authorization} header, if any
	 * @param contentType the {@code Content-Type} header
	 * @param body the JSON body
	 */
	record Request(String callback, String authorization, String contentType, JsonNode body) {

	}

	/**
	 * How the service answers a request.
	 */
	@FunctionalInterface
	interface Answer {

		Response respond(JsonNode body);

		static Answer allow() {
			return (body) -> Response.json(200, "{}");
		}

		static Answer deny(int status, String jsonBody) {
			return (body) -> Response.json(status, jsonBody);
		}

		static Answer text(int status, String text) {
			return (body) -> new Response(status, "text/plain", text, false, false);
		}

		/** Never answers (until the test resets the service). */
		static Answer hang() {
			return (body) -> new Response(0, "", "", true, false);
		}

		/** Closes the connection without an answer. */
		static Answer drop() {
			return (body) -> new Response(0, "", "", false, true);
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 * @param hang whether to keep the request waiting
	 * @param drop whether to close the connection without answering
	 */
	record Response(int status, String contentType, String body, boolean hang, boolean drop) {

		static Response json(int status, String body) {
			return new Response(status, "application/json", body, false, false);
		}

	}

}

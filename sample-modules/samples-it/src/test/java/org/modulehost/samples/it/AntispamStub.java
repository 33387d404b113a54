package org.modulehost.samples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The antispam service the http-antispam sample asks during the end-to-end tests (its
 * {@code base_url} comes from {@code HTTP_ANTISPAM_URL}): it allows everything, so that the
 * other samples' tests are not affected, except requests whose JSON body contains
 * {@value #MARKER} anywhere, which it denies with {@value #ERRCODE}. It records every request.
 */
public final class AntispamStub implements AutoCloseable {

	/** A request whose body contains this text is denied. */
	public static final String MARKER = "forbidden-by-antispam";

	/** The error code of a denial. */
	public static final String ERRCODE = "ORG_MODULEHOST_IT_SPAM";

	/** The token the homeserver is given for the service ({@code HTTP_ANTISPAM_TOKEN}). */
	public static final String TOKEN = "it-antispam-token";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Request> received = new CopyOnWriteArrayList<>();

	private AntispamStub(HttpServer server) {
		this.server = server;
	}

	static AntispamStub start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			AntispamStub stub = new AntispamStub(server);
			server.createContext("/antispam/", stub::handle);
			server.setExecutor(stub.executor);
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the antispam stub", ex);
		}
	}

	/**
	 * Returns the base URL the homeserver is given.
	 * @return {@code http://127.0.0.1:<port>/antispam}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/antispam";
	}

	/**
	 * Waits up to ten seconds for a request for a callback whose body satisfies a condition.
	 * @param callback the callback, e.g. {@code check_event_for_spam}
	 * @param condition what the JSON body must satisfy
	 * @return the first such request
	 */
	public Request awaitRequest(String callback, Predicate<JsonNode> condition) {
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

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String callback = exchange.getRequestURI().getPath().substring("/antispam/".length());
			byte[] bytes = exchange.getRequestBody().readAllBytes();
			JsonNode body = json.readTree(bytes);
			this.received.add(new Request(callback, exchange.getRequestHeaders().getFirst("Authorization"), body));
			boolean deny = new String(bytes, StandardCharsets.UTF_8).contains(MARKER);
			byte[] answer = (deny ? "{\"errcode\": \"" + ERRCODE + "\", \"error\": \"Refused by the test service\","
					+ " \"marker\": \"" + MARKER + "\"}" : "{}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(deny ? 403 : 200, answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * A request the service received.
	 *
	 * @param callback the callback (the last path segment)
	 * @param authorization the {@code Authorization} header, if any
	 * @param body the JSON body
	 */
	public record Request(String callback, String authorization, JsonNode body) {

	}

}

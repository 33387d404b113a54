package org.modulehost.app.process;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The fat jar started as a child process, as {@code java -jar module-host-app-exec.jar} starts
 * it, for end-to-end tests that reach it over HTTP only (the sample modules' tests in
 * {@code sample-modules/samples-it} and the client library suites in {@code clients/}).
 *
 * <p>Around the given arguments, every process gets free client and management ports, an H2
 * database in a temporary working directory (deleted by {@link #close()}), a cheap password hash
 * and no rate limits, because every test user registers and logs in from 127.0.0.1. The
 * constructor returns once the actuator's health answers 200.
 */
public class HomeserverProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The limiters the tests lift ({@code homeserver.ratelimit.<name>.per-second=0}). */
	private static final List<String> LIFTED_LIMITS = List.of("message", "invites", "login-address", "login-account",
			"login-failed-attempts", "registration", "joins-local", "room-creation");

	private final Process process;

	private final int port;

	private final int managementPort;

	private final Path home;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Starts the process and waits until it is healthy.
	 * @param options what to start
	 * @throws IllegalStateException if it does not start, with its log
	 */
	protected HomeserverProcess(Options options) {
		try {
			this.home = Files.createTempDirectory("modulehost-it-");
			this.port = freePort();
			this.managementPort = freePort();
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(options.jvmArguments);
			command.add("-jar");
			command.add(options.jar.toString());
			command.add("--server.port=" + this.port);
			command.add("--management.server.port=" + this.managementPort);
			command.add("--spring.datasource.url=jdbc:h2:file:" + this.home.resolve("data/homeserver")
					+ ";AUTO_SERVER=FALSE");
			command.add("--management.endpoints.web.exposure.include=health,modules");
			// bcrypt's default work factor makes every registration of the tests take a second
			command.add("--homeserver.passwords.bcrypt-rounds=4");
			for (String limit : LIFTED_LIMITS) {
				command.add("--homeserver.ratelimit." + limit + ".per-second=0");
			}
			command.addAll(options.arguments);
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.home.resolve("server.log").toFile());
			builder.environment().putAll(options.environment);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the homeserver", ex);
		}
		awaitHealthy();
	}

	/**
	 * Starts a fat jar with the given options.
	 * @param options what to start
	 * @return the healthy process
	 */
	public static HomeserverProcess start(Options options) {
		return new HomeserverProcess(options);
	}

	/**
	 * Options for a fat jar named by a system property (set by the test's pom, e.g. to
	 * {@code module-host-app/target/module-host-app-exec.jar}).
	 * @param jarProperty the system property
	 * @return the options, to add to
	 * @throws IllegalStateException if the property does not name an existing file
	 */
	public static Options jar(String jarProperty) {
		return new Options(Path.of(requiredFile(jarProperty)));
	}

	/**
	 * Returns the value of a system property that must name an existing file or directory.
	 * @param property the system property
	 * @return its value
	 * @throws IllegalStateException otherwise, naming the fix
	 */
	public static String requiredFile(String property) {
		String value = System.getProperty(property);
		if (value == null || !new File(value).exists()) {
			throw new IllegalStateException("System property " + property + " must name an existing file (got "
					+ value + "); run the end-to-end tests with ./mvnw verify from the repository root");
		}
		return value;
	}

	private void awaitHealthy() {
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The homeserver exited with " + this.process.exitValue());
				}
				return healthy();
			});
		}
		catch (RuntimeException ex) {
			String log = log();
			close();
			throw new IllegalStateException(ex.getMessage() + "\n--- server log ---\n" + log, ex);
		}
	}

	private boolean healthy() {
		try {
			return management("/actuator/health").statusCode() == 200;
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof ConnectException) {
				return false; // not listening yet
			}
			throw ex;
		}
	}

	/**
	 * Returns what the server printed so far.
	 * @return its log
	 */
	public String log() {
		try {
			return Files.readString(this.home.resolve("server.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Returns the server's address for a path.
	 * @param path an absolute path, or empty for the base URL
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Sends a request.
	 * @param method the method
	 * @param path the path
	 * @param body a JSON body or {@code null}
	 * @param accessToken a Matrix access token or {@code null}
	 * @return the response
	 */
	public HttpResponse<String> send(String method, String path, Object body, String accessToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
			String text = (body instanceof String string) ? string : json.writeValueAsString(body);
			request.method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a {@code GET} without a token.
	 * @param path the path
	 * @return the response
	 */
	public HttpResponse<String> get(String path) {
		return send("GET", path, null, null);
	}

	/**
	 * Sends a {@code GET} to the management port (the actuator), which is not the client port.
	 * @param path the path, e.g. {@code /actuator/modules}
	 * @return the response
	 */
	public HttpResponse<String> management(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " on the management port failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Parses a JSON response body.
	 * @param response the response
	 * @return its body as a tree
	 */
	public static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * Registers a user with a password through user-interactive auth ({@code m.login.dummy}).
	 * @param localpart the user's localpart
	 * @param password the password
	 * @return the user id and access token
	 */
	public Account register(String localpart, String password) {
		HttpResponse<String> first = send("POST", "/_matrix/client/v3/register",
				Map.of("username", localpart, "password", password), null);
		if (first.statusCode() == 200) {
			JsonNode body = json(first);
			return new Account(body.get("user_id").asString(), body.get("access_token").asString());
		}
		String session = json(first).path("session").asString();
		HttpResponse<String> second = send("POST", "/_matrix/client/v3/register", Map.of("username", localpart,
				"password", password, "auth", Map.of("type", "m.login.dummy", "session", session)), null);
		if (second.statusCode() != 200) {
			throw new IllegalStateException("Registration of " + localpart + " failed: " + second.statusCode() + " "
					+ second.body());
		}
		JsonNode body = json(second);
		return new Account(body.get("user_id").asString(), body.get("access_token").asString());
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		finally {
			deleteQuietly(this.home);
		}
	}

	private static void deleteQuietly(Path directory) {
		try {
			org.springframework.util.FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			directory.toFile().deleteOnExit();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * What to start: the jar, and the JVM options, arguments and environment variables on top of
	 * the ones every process gets.
	 */
	public static final class Options {

		private final Path jar;

		private final List<String> jvmArguments = new ArrayList<>();

		private final List<String> arguments = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private Options(Path jar) {
			this.jar = jar;
		}

		/**
		 * Adds a JVM option, e.g. {@code -Dloader.path=modules}.
		 * @param option the option
		 * @return these options
		 */
		public Options jvmArgument(String option) {
			this.jvmArguments.add(option);
			return this;
		}

		/**
		 * Adds application arguments, e.g. {@code --homeserver.admins=admin}.
		 * @param arguments the arguments
		 * @return these options
		 */
		public Options arguments(String... arguments) {
			this.arguments.addAll(List.of(arguments));
			return this;
		}

		/**
		 * Adds an environment variable of the process.
		 * @param name the name
		 * @param value the value
		 * @return these options
		 */
		public Options environment(String name, String value) {
			this.environment.put(name, value);
			return this;
		}

	}

	/**
	 * A registered user.
	 *
	 * @param userId the full user id
	 * @param accessToken the access token
	 */
	public record Account(String userId, String accessToken) {
	}

}

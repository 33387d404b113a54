package org.modulehost.samples.it;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The fat jar, started once for all end-to-end tests as a child process, exactly as the README's
 * run command starts it: {@code java -jar module-host-app-exec.jar} with the sample modules from
 * the modules directory and {@code samples.yml}; only its database lives in a temporary
 * directory. Tests reach it over HTTP only. Inject it as a test method or constructor parameter.
 *
 * <p>Around the README's command, the tests add what a demo does not have: an antispam service
 * for the http-antispam sample ({@link AntispamStub}, given to the server through the
 * environment variables {@code samples.yml} reads), and a server administrator,
 * {@value Server#ADMIN} ({@code homeserver.admins}), for the samples' admin endpoints; and a
 * cheaper password hash, so that registering the tests' users is quick.
 */
public final class RunningHomeserver implements ParameterResolver {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		return parameter.getParameter().getType() == Server.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		return extension.getRoot()
			.getStore(ExtensionContext.Namespace.create(RunningHomeserver.class))
			.computeIfAbsent(Server.class, (key) -> Server.start(), Server.class);
	}

	/**
	 * A running homeserver process.
	 */
	public static final class Server implements AutoCloseable {

		/**
		 * Environment variables the server process gets on top of this one's, for the
		 * placeholders in {@code samples.yml}.
		 */
		private static final Map<String, String> ENVIRONMENT = Map.of("SHARED_SECRET", randomSecret());

		/** The localpart of the server administrator; {@link #admin()} registers it. */
		public static final String ADMIN = "it-admin";

		private final Process process;

		private final AntispamStub antispam;

		private final int port;

		private final int managementPort;

		private final Path home;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private Account admin;

		private Server(Process process, AntispamStub antispam, int port, int managementPort, Path home) {
			this.process = process;
			this.antispam = antispam;
			this.port = port;
			this.managementPort = managementPort;
			this.home = home;
		}

		static Server start() {
			String serverJar = required("modulehost.it.server-jar");
			String modulesDir = required("modulehost.it.modules-dir");
			String samplesConfig = required("modulehost.it.samples-config");
			AntispamStub antispam = AntispamStub.start();
			try {
				Path home = Files.createTempDirectory("modulehost-it-");
				int port = freePort();
				int managementPort = freePort();
				List<String> command = new ArrayList<>();
				command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
				command.add("-Dloader.path=" + modulesDir);
				command.add("-jar");
				command.add(serverJar);
				command.add("--server.port=" + port);
				command.add("--management.server.port=" + managementPort);
				command.add("--spring.config.additional-location=file:" + samplesConfig);
				command.add("--spring.datasource.url=jdbc:h2:file:" + home.resolve("data/homeserver") + ";AUTO_SERVER=FALSE");
				command.add("--management.endpoints.web.exposure.include=health,modules");
				command.add("--homeserver.admins=" + ADMIN);
				// bcrypt's default work factor makes every registration of the tests take a second
				command.add("--homeserver.passwords.bcrypt-rounds=4");
				// every test registers and logs in from 127.0.0.1: lift the per-address and per-user limits
				for (String limit : List.of("login-address", "login-account", "login-failed-attempts", "registration",
						"joins-local", "room-creation")) {
					command.add("--homeserver.ratelimit." + limit + ".per-second=0");
				}
				ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
					.redirectErrorStream(true)
					.redirectOutput(home.resolve("server.log").toFile());
				builder.environment().put("HTTP_ANTISPAM_URL", antispam.baseUrl());
				builder.environment().put("HTTP_ANTISPAM_TOKEN", AntispamStub.TOKEN);
				builder.environment().putAll(ENVIRONMENT);
				Server server = new Server(builder.start(), antispam, port, managementPort, home);
				server.awaitHealthy();
				return server;
			}
			catch (IOException ex) {
				antispam.close();
				throw new IllegalStateException("Cannot start the homeserver", ex);
			}
		}

		private void awaitHealthy() {
			try {
				await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("The homeserver exited with " + this.process.exitValue()
								+ ":\n" + log());
					}
					return healthy();
				});
			}
			catch (RuntimeException ex) {
				close();
				throw new IllegalStateException(ex.getMessage() + "\n--- server log ---\n" + log(), ex);
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
		 * Returns the antispam service the http-antispam sample asks.
		 * @return the service
		 */
		public AntispamStub antispam() {
			return this.antispam;
		}

		/**
		 * Returns the server administrator, registering it on first use.
		 * @return the administrator {@value #ADMIN}
		 */
		public synchronized Account admin() {
			if (this.admin == null) {
				this.admin = register(ADMIN, "it-admin-password");
			}
			return this.admin;
		}

		/**
		 * Returns an environment variable the server was started with, e.g. the
		 * {@code SHARED_SECRET} of the shared-secret-auth sample.
		 * @param name the variable
		 * @return its value
		 * @throws IllegalArgumentException if the server was not given that variable
		 */
		public String environment(String name) {
			String value = ENVIRONMENT.get(name);
			if (value == null) {
				throw new IllegalArgumentException("The server was not started with " + name + "; add it to "
						+ "RunningHomeserver.Server.ENVIRONMENT");
			}
			return value;
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
		 * @param path an absolute path
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
				if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
			finally {
				this.antispam.close();
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

		private static String randomSecret() {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			return HexFormat.of().formatHex(bytes);
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

		private static String required(String property) {
			String value = System.getProperty(property);
			if (value == null || !new File(value).exists()) {
				throw new IllegalStateException("System property " + property + " must name an existing file (got "
						+ value + "); run the end-to-end tests with ./mvnw verify from the repository root");
			}
			return value;
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

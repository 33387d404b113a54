package org.modulehost.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.EventCheck;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Messages per second through {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}} of the
 * reference homeserver, over HTTP on the loopback, four clients at once, with the default
 * storage (an H2 file, every acknowledged write committed). Baseline: no modules. Subject: a
 * spam checker ({@code checkEventForSpam} looks for banned words) and third-party rules
 * ({@code checkEventAllowed} reads the room's state, {@code onNewEvent} counts events), the
 * kinds of module most deployments run. Goal: the modules cost at most 10% of the throughput.
 *
 * <p>Two forms, both in one run. {@code send}: one server per trial, the two configurations one
 * after the other ({@code modules} parameter). {@code side_by_side}: both servers in one JVM,
 * two clients sending to each at the same time, so that whatever else the machine does slows
 * both alike; the ratio of {@code withModules} to {@code withoutModules} is the modules' cost.
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class SendThroughputBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@Benchmark
	@Threads(4)
	public int send(OneServer server) throws Exception {
		return server.homeserver.send();
	}

	@Benchmark
	@Group("side_by_side")
	@GroupThreads(2)
	public int withoutModules(TwoServers servers) throws Exception {
		return servers.withoutModules.send();
	}

	@Benchmark
	@Group("side_by_side")
	@GroupThreads(2)
	public int withModules(TwoServers servers) throws Exception {
		return servers.withModules.send();
	}

	/**
	 * One homeserver, with or without modules.
	 */
	@State(Scope.Benchmark)
	public static class OneServer {

		/** Which modules the homeserver runs. */
		@Param({ "none", "spam-checker+third-party-rules" })
		public String modules;

		Homeserver homeserver;

		@Setup(Level.Trial)
		public void start() throws Exception {
			this.homeserver = Homeserver.start(!this.modules.equals("none"));
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.homeserver.close();
		}

	}

	/**
	 * Two homeservers in one JVM, one without and one with modules.
	 */
	@State(Scope.Benchmark)
	public static class TwoServers {

		Homeserver withoutModules;

		Homeserver withModules;

		@Setup(Level.Trial)
		public void start() throws Exception {
			this.withoutModules = Homeserver.start(false);
			this.withModules = Homeserver.start(true);
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.withoutModules.close();
			this.withModules.close();
		}

	}

	/**
	 * A running homeserver with one user in one room.
	 */
	static final class Homeserver implements AutoCloseable {

		private final AtomicLong transactions = new AtomicLong();

		private final ConfigurableApplicationContext context;

		private final Path directory;

		private final String sendBase;

		private final String token;

		private Homeserver(ConfigurableApplicationContext context, Path directory, String sendBase, String token) {
			this.context = context;
			this.directory = directory;
			this.sendBase = sendBase;
			this.token = token;
		}

		static Homeserver start(boolean modules) throws Exception {
			Path directory = Files.createTempDirectory("send-benchmark");
			List<String> args = new ArrayList<>(List.of("--server.port=0",
					"--spring.datasource.url=jdbc:h2:file:" + directory.resolve("homeserver")
							+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE",
					"--homeserver.passwords.bcrypt-rounds=4", "--homeserver.ratelimit.message.per-second=0",
					"--homeserver.registration.enabled=true", "--homeserver.registration.allow-without-verification=true",
					"--management.server.port=-1",
					"--logging.level.root=WARN", "--spring.main.banner-mode=off", "--spring.jmx.enabled=false"));
			if (modules) {
				args.add("--modules[0].module=" + WordSpamChecker.class.getName());
				args.add("--modules[0].config.banned-words[0]=viagra");
				args.add("--modules[1].module=" + StateRules.class.getName());
			}
			ConfigurableApplicationContext context = SpringApplication.run(ModuleHostApplication.class,
					args.toArray(String[]::new));
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String base = "http://localhost:" + port + "/_matrix/client/v3";
			Map<?, ?> registered = post(base + "/register", null, Map.of("username", "bench", "password", "bench",
					"auth", Map.of("type", "m.login.dummy")));
			String token = (String) registered.get("access_token");
			Map<?, ?> room = post(base + "/createRoom", token, Map.of("name", "Benchmark", "preset", "public_chat"));
			Homeserver homeserver = new Homeserver(context, directory,
					base + "/rooms/" + room.get("room_id") + "/send/m.room.message/", token);
			// The modules are loaded and called: with them a banned word is refused, without them it is sent.
			BenchmarkContexts.assertModulesLoaded(context, modules ? 2 : 0);
			int spam = homeserver.put("viagra").statusCode();
			BenchmarkContexts.check(spam == (modules ? 403 : 200),
					"A message with a banned word answered " + spam + (modules ? ", not 403" : ", not 200"));
			homeserver.send();
			return homeserver;
		}

		private HttpResponse<String> put(String body) throws Exception {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(this.sendBase + "t" + this.transactions.incrementAndGet()))
				.header("Authorization", "Bearer " + this.token)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("msgtype", "m.text", "body", body))))
				.build();
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}

		int send() throws Exception {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(this.sendBase + "t" + this.transactions.incrementAndGet()))
				.header("Authorization", "Bearer " + this.token)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"m.text\",\"body\":\"hello, benchmark\"}"))
				.build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Send failed: " + response.statusCode() + " " + response.body());
			}
			return response.body().length();
		}

		@Override
		public void close() throws IOException {
			this.context.close();
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

		private static Map<?, ?> post(String url, String token, Object body) throws Exception {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
			if (token != null) {
				builder.header("Authorization", "Bearer " + token);
			}
			HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " failed: " + response.statusCode() + " " + response.body());
			}
			return json.readValue(response.body(), Map.class);
		}

	}

	/**
	 * A spam checker refusing messages with banned words.
	 */
	public static class WordSpamChecker implements SpamCheckerCallbacks {

		private final List<String> bannedWords;

		public WordSpamChecker(Config config, HomeserverModuleApi api) {
			this.bannedWords = List.copyOf(config.bannedWords());
			api.registerSpamCheckerCallbacks(this);
		}

		@Override
		public CompletionStage<SpamCheck> checkEventForSpam(Event event) {
			if (event.content().get("body") instanceof String body) {
				for (String word : this.bannedWords) {
					if (body.contains(word)) {
						return CompletableFuture.completedFuture(SpamCheck.deny("M_FORBIDDEN"));
					}
				}
			}
			return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
		}

		/**
		 * The spam checker's configuration.
		 *
		 * @param bannedWords words that make a message spam
		 */
		public record Config(List<String> bannedWords) {

		}

	}

	/**
	 * Third-party rules that read the room's state on every event and count stored events.
	 */
	public static class StateRules implements ThirdPartyRulesCallbacks {

		private final AtomicLong seen = new AtomicLong();

		public StateRules(Map<String, Object> config, HomeserverModuleApi api) {
			api.registerThirdPartyRulesCallbacks(this);
		}

		@Override
		public CompletionStage<EventCheck> checkEventAllowed(Event event, Map<StateKey, Event> state) {
			Event rules = state.get(new StateKey("m.room.join_rules", ""));
			boolean frozen = rules != null && "frozen".equals(rules.content().get("join_rule"));
			return CompletableFuture.completedFuture(frozen ? EventCheck.DENY : EventCheck.ALLOW);
		}

		@Override
		public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
			this.seen.incrementAndGet();
			return CompletableFuture.completedFuture(null);
		}

	}

}

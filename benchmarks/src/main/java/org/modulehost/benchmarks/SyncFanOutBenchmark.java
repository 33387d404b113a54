package org.modulehost.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import javax.management.ObjectName;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.sync.Notifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code /sync} fan-out: {@code clients} users long-poll {@code /sync} of the reference
 * homeserver (H2 file, as deployed by default) in one room; one message is sent; the operation
 * ends when the last client has it (the time is sampled, so the score has percentiles).
 * Baseline, in the same run and JVM: a bare Spring MVC endpoint that completes {@code clients}
 * waiting {@link DeferredResult}s with the same payload (a real {@code /sync} response of the
 * subject), triggered by one POST. The clients are the JDK's {@link HttpClient}, one connection
 * each. Before each operation every client has a long poll waiting on the server (checked with
 * the server's own count of waiters), which is not timed.
 *
 * <p>{@link #main} measures what is not a latency: {@code idle <n>} holds {@code n} idle long
 * polls and reports the JVM's threads and heap; {@code queries <n>} counts the SQL statements of {@code n} long-polling members while 100 of them start typing, per
 * woken {@code /sync}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
public class SyncFanOutBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Benchmark
	public int homeserver(FanOut fanOut) throws Exception {
		return fanOut.homeserver.fire();
	}

	@Benchmark
	public int deferredResults(FanOut fanOut) throws Exception {
		return fanOut.baseline.fire();
	}

	/**
	 * The homeserver with its long-polling clients and the baseline server with its own.
	 */
	@State(Scope.Benchmark)
	public static class FanOut {

		/** How many clients long-poll; small here, the smoke test runs every value. */
		@Param({ "20" })
		public int clients;

		Homeserver homeserver;

		Baseline baseline;

		@Setup(Level.Trial)
		public void start() throws Exception {
			this.homeserver = Homeserver.start(this.clients, Map.of());
			this.homeserver.arm();
			this.homeserver.fire();
			this.baseline = Baseline.start(this.clients, this.homeserver.lastPayload);
		}

		@Setup(Level.Invocation)
		public void arm() throws Exception {
			this.homeserver.arm();
			this.baseline.arm();
		}

		@TearDown(Level.Trial)
		public void stop() throws Exception {
			this.baseline.close();
			this.homeserver.close();
		}

	}

	/**
	 * The homeserver, a room, a sender and {@code clients} members who long-poll.
	 */
	static final class Homeserver implements AutoCloseable {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

		private final ConfigurableApplicationContext context;

		private final Path directory;

		private final String base;

		private final String roomId;

		private final String senderToken;

		private final List<String> tokens = new ArrayList<>();

		private final List<String> since = new ArrayList<>();

		private final List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();

		private long transactions;

		String lastPayload = "";

		private Homeserver(ConfigurableApplicationContext context, Path directory, String base, String roomId,
				String senderToken) {
			this.context = context;
			this.directory = directory;
			this.base = base;
			this.roomId = roomId;
			this.senderToken = senderToken;
		}

		static Homeserver start(int clients, Map<String, String> settings) throws Exception {
			return start(clients, settings, true);
		}

		/** Clients in no room: only idle long polls. */
		static Homeserver startUnjoined(int clients) throws Exception {
			return start(clients, Map.of(), false);
		}

		private static Homeserver start(int clients, Map<String, String> settings, boolean join) throws Exception {
			Path directory = Files.createTempDirectory("sync-fan-out");
			List<String> args = new ArrayList<>(List.of("--server.port=0",
					"--spring.datasource.url=jdbc:h2:file:" + directory.resolve("homeserver")
							+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE",
					"--homeserver.passwords.bcrypt-rounds=4", "--homeserver.ratelimit.message.per-second=0",
					"--homeserver.ratelimit.registration.per-second=0", "--homeserver.ratelimit.joins-local.per-second=0",
					"--homeserver.typing.ratelimit.per-second=0",
					"--homeserver.registration.enabled=true", "--homeserver.registration.allow-without-verification=true",
					"--server.tomcat.max-connections=" + Math.max(8192, clients + 100),
					"--server.tomcat.accept-count=" + Math.max(100, clients), "--management.server.port=-1",
					"--logging.level.root=WARN", "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
					// Message fan-out only: every sync would otherwise change its user's presence and wake the others.
					"--homeserver.presence.enabled=false"));
			settings.forEach((key, value) -> args.add("--" + key + "=" + value));
			ConfigurableApplicationContext context = SpringApplication.run(ModuleHostApplication.class,
					args.toArray(String[]::new));
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String base = "http://localhost:" + port + "/_matrix/client/v3";
			String sender = register(base, "sender");
			Map<?, ?> room = post(base + "/createRoom", sender, Map.of("preset", "public_chat"));
			Homeserver homeserver = new Homeserver(context, directory, base, (String) room.get("room_id"), sender);
			for (int i = 0; i < clients; i++) {
				String token = register(base, "client" + i);
				if (join) {
					post(base + "/join/" + homeserver.roomId, token, Map.of());
				}
				homeserver.tokens.add(token);
			}
			// Every client starts from the position after the last join (an initial sync of each,
			// with the room's state, would cost the set-up O(clients^2)).
			String now = "s" + context.getBean(Database.class).currentPosition();
			homeserver.tokens.forEach((token) -> homeserver.since.add(now));
			// Then each takes the other streams' positions (presence, device lists, typing): the
			// registrations and joins changed them, and a poll from a token without them would
			// answer at once instead of waiting.
			homeserver.catchUp();
			return homeserver;
		}

		/** Brings every client up to date without waiting, e.g. after a burst of typing. */
		void catchUp() throws Exception {
			for (int i = 0; i < this.tokens.size(); i++) {
				this.since.set(i, (String) get(this.base + "/sync?timeout=0&since=" + this.since.get(i),
						this.tokens.get(i)).get("next_batch"));
			}
		}

		/** Starts every client's long poll, and waits until the server has them all waiting. */
		void arm() throws Exception {
			if (!this.polls.isEmpty()) {
				return;
			}
			Notifier notifier = this.context.getBean(Notifier.class);
			int before = notifier.waiting();
			for (int i = 0; i < this.tokens.size(); i++) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(this.base + "/sync?timeout=600000&since=" + this.since.get(i)))
					.header("Authorization", "Bearer " + this.tokens.get(i))
					.timeout(Duration.ofMinutes(15))
					.build();
				this.polls.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
			}
			waitUntil(() -> notifier.waiting() - before, this.tokens.size(), "homeserver long polls");
		}

		/** Sends one message and waits until every client has it. */
		int fire() throws Exception {
			String body = "fan-out " + (++this.transactions);
			send(body);
			int delivered = 0;
			for (int i = 0; i < this.polls.size(); i++) {
				HttpResponse<String> response = this.polls.get(i).get(5, TimeUnit.MINUTES);
				BenchmarkContexts.check(response.statusCode() == 200 && response.body().contains(body),
						"A client's /sync did not carry the message: " + response.statusCode() + " " + response.body());
				this.since.set(i, (String) json.readValue(response.body(), Map.class).get("next_batch"));
				this.lastPayload = response.body();
				delivered++;
			}
			this.polls.clear();
			return delivered;
		}

		void send(String body) throws Exception {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(this.base + "/rooms/" + this.roomId + "/send/m.room.message/t" + System.nanoTime()))
				.header("Authorization", "Bearer " + this.senderToken)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("msgtype", "m.text", "body", body))))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			BenchmarkContexts.check(response.statusCode() == 200, "Sending answered " + response);
		}

		@Override
		public void close() throws Exception {
			this.polls.forEach((poll) -> poll.cancel(true));
			this.context.close();
			try (var files = Files.walk(this.directory)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

	}

	/**
	 * The baseline: a bare Spring MVC endpoint whose waiting requests one POST completes.
	 */
	static final class Baseline implements AutoCloseable {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

		private final ConfigurableApplicationContext context;

		private final String base;

		private final int clients;

		private final List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();

		private Baseline(ConfigurableApplicationContext context, String base, int clients) {
			this.context = context;
			this.base = base;
			this.clients = clients;
		}

		static Baseline start(int clients, String payload) {
			ConfigurableApplicationContext context = BenchmarkContexts.run(BaselineApplication.class,
					WebApplicationType.SERVLET, Map.of("server.port", 0, "server.tomcat.max-connections",
							Math.max(8192, clients + 100), "server.tomcat.accept-count", Math.max(100, clients)));
			context.getBean(FanOutController.class).payload = payload.getBytes(StandardCharsets.UTF_8);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			return new Baseline(context, "http://localhost:" + port, clients);
		}

		void arm() throws Exception {
			if (!this.polls.isEmpty()) {
				return;
			}
			FanOutController controller = this.context.getBean(FanOutController.class);
			for (int i = 0; i < this.clients; i++) {
				HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/wait"))
					.timeout(Duration.ofMinutes(15))
					.build();
				this.polls.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
			}
			waitUntil(controller.waiting::size, this.clients, "baseline long polls");
		}

		int fire() throws Exception {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/fire"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			HttpResponse<String> fired = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			BenchmarkContexts.check(fired.statusCode() == 200, "Firing answered " + fired);
			int delivered = 0;
			for (CompletableFuture<HttpResponse<String>> poll : this.polls) {
				HttpResponse<String> response = poll.get(5, TimeUnit.MINUTES);
				BenchmarkContexts.check(response.statusCode() == 200 && response.body().contains("next_batch"),
						"A baseline client got " + response.statusCode());
				json.readValue(response.body(), Map.class);
				delivered++;
			}
			this.polls.clear();
			return delivered;
		}

		@Override
		public void close() {
			this.polls.forEach((poll) -> poll.cancel(true));
			this.context.close();
		}

	}

	private static void waitUntil(IntSupplier count, int expected, String what) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (count.getAsInt() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(what + ": " + count.getAsInt() + " of " + expected + " waiting");
			}
			Thread.sleep(5);
		}
	}

	private static String register(String base, String name) throws Exception {
		return (String) post(base + "/register", null,
				Map.of("username", name, "password", "bench", "auth", Map.of("type", "m.login.dummy")))
			.get("access_token");
	}

	private static Map<?, ?> post(String url, String token, Object body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return exchange(request.build());
	}

	private static Map<?, ?> get(String url, String token) throws Exception {
		return exchange(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build());
	}

	private static Map<?, ?> exchange(HttpRequest request) throws Exception {
		HttpResponse<String> response = SHARED.send(request, HttpResponse.BodyHandlers.ofString());
		BenchmarkContexts.check(response.statusCode() == 200, request.uri() + " answered " + response.statusCode()
				+ " " + response.body());
		return json.readValue(response.body(), Map.class);
	}

	private static final HttpClient SHARED = HttpClient.newHttpClient();

	/**
	 * The baseline application: Spring MVC on Tomcat and one controller, nothing else.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(
			classes = { org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class,
					org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
					org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
					org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class })
	@Import(FanOutController.class)
	public static class BaselineApplication {

	}

	/**
	 * Holds the waiting requests; {@code /fire} completes them all with the payload.
	 */
	@RestController
	public static class FanOutController {

		final Queue<DeferredResult<byte[]>> waiting = new ConcurrentLinkedQueue<>();

		volatile byte[] payload = new byte[0];

		@GetMapping(path = "/wait", produces = MediaType.APPLICATION_JSON_VALUE)
		public DeferredResult<byte[]> waitForIt() {
			DeferredResult<byte[]> result = new DeferredResult<>(TimeUnit.MINUTES.toMillis(15));
			this.waiting.add(result);
			return result;
		}

		@PostMapping("/fire")
		public void fire() {
			DeferredResult<byte[]> result;
			while ((result = this.waiting.poll()) != null) {
				result.setResult(this.payload);
			}
		}

	}

	/**
	 * Measures what is not a latency.
	 * <ul>
	 * <li>{@code idle <n>}: {@code n} users long-poll {@code /sync} (the clients in a child
	 * process); prints the server JVM's live threads and heap after a GC, and with
	 * {@code -Dbench.histogram=true} the classes whose live bytes grew most between the users'
	 * registration and the held polls, per poll.</li>
	 * <li>{@code queries <n>}: {@code n} members long-poll one room while 100 of them start typing;
	 * prints the database connection checkouts (one per SQL statement outside a transaction) per woken {@code /sync}, and per woken {@code /sync}
	 * for one message.</li>
	 * </ul>
	 * @param args the mode and the number of clients
	 * @throws Exception if the measurement fails
	 */
	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "idle";
		if (mode.equals("idle-clients")) {
			idleClients(args[1], Path.of(args[2]));
			return;
		}
		int clients = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000;
		if (mode.equals("idle")) {
			idle(clients);
		}
		else {
			queries(clients);
		}
		System.exit(0);
	}

	private static void idle(int clients) throws Exception {
		try (Homeserver homeserver = Homeserver.startUnjoined(clients)) {
			// The clients' connections in a process of their own: client and server sockets of
			// 10,000 connections would not fit one process's file descriptor limit.
			Path polls = Files.createTempFile("idle-polls", ".txt");
			List<String> lines = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				lines.add(homeserver.tokens.get(i) + " " + homeserver.since.get(i));
			}
			Files.write(polls, lines);
			String before = histogram("before the polls (users registered)");
			Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx512m", "-cp", System.getProperty("java.class.path"), SyncFanOutBenchmark.class.getName(),
					"idle-clients", homeserver.base, polls.toString())
				.inheritIO()
				.start();
			Notifier notifier = homeserver.context.getBean(Notifier.class);
			try {
				try {
					waitUntil(notifier::waiting, clients, "idle long polls");
				}
				catch (IllegalStateException ex) {
					// Report what the server holds anyway: a shortfall is itself the finding.
					System.out.println(ex.getMessage());
				}
				measureIdle(homeserver);
				String held = histogram("while the polls are held");
				if (before != null) {
					printHistogramDifference(before, held, clients);
				}
			}
			finally {
				child.destroyForcibly();
				Files.delete(polls);
			}
		}
	}

	private static void idleClients(String base, Path polls) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
		List<CompletableFuture<?>> waiting = new ArrayList<>();
		for (String line : Files.readAllLines(polls)) {
			String[] parts = line.split(" ");
			waiting.add(poll(http, base, parts[0], parts[1], 3));
		}
		CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
	}

	/**
	 * Long-polls as a client does: an answer (the user's own presence and device list on the
	 * first poll after registration) is followed by the next poll from its {@code next_batch}.
	 */
	private static CompletableFuture<Object> poll(HttpClient http, String base, String token, String since, int left) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/sync?timeout=600000&since=" + since))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofMinutes(15))
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).<Object>thenCompose((response) -> {
			if (response.statusCode() != 200 || left == 0) {
				System.out.println("idle client: a long poll was answered early: " + response + " " + response.body());
				return CompletableFuture.<Object>completedFuture(response);
			}
			String next;
			try {
				next = (String) json.readValue(response.body(), Map.class).get("next_batch");
			}
			catch (RuntimeException ex) {
				return CompletableFuture.<Object>failedFuture(ex);
			}
			return poll(http, base, token, next, left - 1);
		});
	}

	private static void measureIdle(Homeserver homeserver) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		Runtime runtime = Runtime.getRuntime();
		long used = runtime.totalMemory() - runtime.freeMemory();
		System.out.printf("idle long polls: %d waiting; server JVM threads: %d (peak %d); heap used after GC: %d MiB "
				+ "of max %d MiB; load average %.2f%n", homeserver.context.getBean(Notifier.class).waiting(),
				ManagementFactory.getThreadMXBean().getThreadCount(),
				ManagementFactory.getThreadMXBean().getPeakThreadCount(), used >> 20, runtime.maxMemory() >> 20,
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	/**
	 * With {@code -Dbench.histogram=true}, the server JVM's class histogram of live objects (it
	 * collects first), as {@code jcmd <pid> GC.class_histogram} prints it; else {@code null}.
	 */
	private static String histogram(String when) throws Exception {
		if (!Boolean.getBoolean("bench.histogram")) {
			return null;
		}
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		String[] rows = histogram.split("\n");
		System.out.println("class histogram " + when + ": " + rows[rows.length - 1].trim());
		return histogram;
	}

	/** Prints the classes whose live bytes grew most between two histograms, per poll. */
	private static void printHistogramDifference(String before, String after, int polls) {
		Map<String, long[]> first = histogramRows(before);
		Map<String, long[]> second = histogramRows(after);
		List<Map.Entry<String, long[]>> grown = new ArrayList<>();
		second.forEach((name, row) -> {
			long[] old = first.getOrDefault(name, new long[2]);
			grown.add(Map.entry(name, new long[] { row[0] - old[0], row[1] - old[1] }));
		});
		grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
		long total = grown.stream().mapToLong((entry) -> entry.getValue()[1]).sum();
		System.out.printf("live heap grown while %d polls are held: %d KiB, %.0f bytes per poll; top classes:%n", polls,
				total >> 10, total / (double) polls);
		for (Map.Entry<String, long[]> entry : grown.subList(0, Math.min(40, grown.size()))) {
			System.out.printf("%12d instances %10d KiB %8.1f bytes/poll  %s%n", entry.getValue()[0],
					entry.getValue()[1] >> 10, entry.getValue()[1] / (double) polls, entry.getKey());
		}
	}

	private static Map<String, long[]> histogramRows(String histogram) {
		Map<String, long[]> rows = new HashMap<>();
		for (String line : histogram.split("\n")) {
			String[] parts = line.trim().split("\s+");
			if (parts.length >= 4 && parts[0].endsWith(":")) {
				rows.merge(parts[3], new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) },
						(a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
			}
		}
		return rows;
	}

	private static void queries(int clients) throws Exception {
		try (Homeserver homeserver = Homeserver.start(clients, Map.of())) {
			MeterRegistry jdbc = homeserver.context.getBean(MeterRegistry.class);
			homeserver.arm();
			long before = statements(jdbc);
			int typists = Math.min(100, clients);
			List<CompletableFuture<HttpResponse<String>>> typing = new ArrayList<>();
			for (int i = 0; i < typists; i++) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(homeserver.base + "/rooms/" + homeserver.roomId + "/typing/%40client" + i
							+ "%3Alocalhost"))
					.header("Authorization", "Bearer " + homeserver.tokens.get(i))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"typing\":true,\"timeout\":60000}"))
					.build();
				typing.add(homeserver.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
			}
			for (CompletableFuture<HttpResponse<String>> request : typing) {
				BenchmarkContexts.check(request.get().statusCode() == 200, "Typing answered " + request.get());
			}
			int woken = 0;
			for (int i = 0; i < homeserver.polls.size(); i++) {
				HttpResponse<String> response = homeserver.polls.get(i).get(5, TimeUnit.MINUTES);
				homeserver.since.set(i, (String) json.readValue(response.body(), Map.class).get("next_batch"));
				woken++;
			}
			long typingStatements = statements(jdbc) - before;
			homeserver.polls.clear();
			homeserver.catchUp();
			System.out.printf("typing burst: %d typists, %d /sync woken, %d connection checkouts (one per SQL statement "
					+ "outside transactions): %.2f per woken /sync%n", typists, woken, typingStatements, typingStatements / (double) woken);
			homeserver.arm();
			before = statements(jdbc);
			int delivered = homeserver.fire();
			long messageStatements = statements(jdbc) - before;
			System.out.printf("one message: %d /sync woken, %d connection checkouts (the send's transaction is one): %.2f per woken /sync; "
					+ "load average %.2f%n", delivered, messageStatements, messageStatements / (double) delivered,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	/**
	 * Counts the pool's connection checkouts: outside a transaction (as {@code /sync} reads)
	 * one per SQL statement, inside one (a write) one per transaction.
	 */
	private static long statements(MeterRegistry meters) {
		Timer usage = meters.find("hikaricp.connections.usage").timer();
		BenchmarkContexts.check(usage != null, "No hikaricp.connections.usage meter");
		return usage.count();
	}

}

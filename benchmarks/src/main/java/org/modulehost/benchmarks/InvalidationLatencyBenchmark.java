package org.modulehost.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.cache.Invalidation;
import org.modulehost.cache.InvalidationBus;
import org.modulehost.cache.redis.RedisInvalidationAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Invalidation latency from one instance to another over Redis pub/sub on loopback: instance
 * {@code first} publishes a typed invalidation on its {@link InvalidationBus}, the benchmark
 * waits until instance {@code second}'s receiver has it; one message in flight. Both instances
 * are Spring contexts with the Redis bus auto-configured, on a {@code redis-server} that the
 * benchmark starts on a free port ({@code $MODULEHOST_TEST_REDIS_SERVER} or {@code redis-server}
 * on the {@code PATH}).
 *
 * <p>Baseline in the same run: a bare Lettuce {@code PUBLISH} (synchronous) to a Lettuce pub/sub
 * listener, the least any Redis pub/sub transport can take here. The difference is the bus's
 * own cost: a JSON message, the hand-over to its publisher thread, Spring's listener container
 * and its listener thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvalidationLatencyBenchmark {

	private static final Invalidation INVALIDATION = new Invalidation("profiles.displayName",
			"[\"@alice:example.com\"]");

	@Benchmark
	public Invalidation busFromOneInstanceToTheOther(Instances instances) throws Exception {
		CompletableFuture<Invalidation> arrival = new CompletableFuture<>();
		instances.arrival = arrival;
		instances.first.publish(INVALIDATION);
		return arrival.get(5, TimeUnit.SECONDS);
	}

	@Benchmark
	public String rawLettucePublishToListener(RawLettuce raw) throws Exception {
		CompletableFuture<String> arrival = new CompletableFuture<>();
		raw.arrival = arrival;
		raw.publisher.publish(RawLettuce.CHANNEL, "[\"@alice:example.com\"]");
		return arrival.get(5, TimeUnit.SECONDS);
	}

	/**
	 * A redis-server of the benchmark's own.
	 */
	@State(Scope.Benchmark)
	public static class Redis {

		int port;

		private Process process;

		@Setup(Level.Trial)
		public void start() throws Exception {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				this.port = socket.getLocalPort();
			}
			this.process = new ProcessBuilder(binary(), "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--daemonize", "no")
				.redirectErrorStream(true)
				.start();
			BufferedReader output = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			while ((line = output.readLine()) != null && !line.contains("Ready to accept connections")) {
				// Wait for the server to listen.
			}
			if (line == null) {
				throw new IllegalStateException("redis-server exited before accepting connections");
			}
			Thread drain = new Thread(() -> drain(output), "redis-server-output");
			drain.setDaemon(true);
			drain.start();
		}

		private static void drain(BufferedReader output) {
			try {
				while (output.readLine() != null) {
					// Keep the pipe from filling up.
				}
			}
			catch (IOException ex) {
				// The server was stopped and its output closed.
			}
		}

		/** Whether a redis-server to start is installed (or named by MODULEHOST_TEST_REDIS_SERVER). */
		static boolean available() {
			try {
				binary();
				return true;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}

		private static String binary() {
			String configured = System.getenv("MODULEHOST_TEST_REDIS_SERVER");
			if (configured != null && Files.isExecutable(Path.of(configured))) {
				return configured;
			}
			for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isExecutable(candidate)) {
					return candidate.toString();
				}
			}
			throw new IllegalStateException(
					"No redis-server: install it (apt-get install redis-server) or set MODULEHOST_TEST_REDIS_SERVER");
		}

		@TearDown(Level.Trial)
		public void stop() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}

	}

	/**
	 * Two instances with the Redis bus; the second one's receiver completes the pending arrival.
	 */
	@State(Scope.Benchmark)
	public static class Instances {

		InvalidationBus first;

		volatile CompletableFuture<Invalidation> arrival;

		private ConfigurableApplicationContext firstContext;

		private ConfigurableApplicationContext secondContext;

		@Setup(Level.Trial)
		public void start(Redis redis) {
			this.firstContext = instance("first", redis.port);
			this.secondContext = instance("second", redis.port);
			this.first = this.firstContext.getBean(InvalidationBus.class);
			this.secondContext.getBean(InvalidationBus.class).subscribe(this::arrived, () -> {
			});
			// The bus carries an invalidation from first to second (its subscription may take a moment).
			check("The Redis bus did not carry an invalidation from 'first' to 'second'", () -> {
				CompletableFuture<Invalidation> arrival = new CompletableFuture<>();
				this.arrival = arrival;
				this.first.publish(INVALIDATION);
				return arrival;
			});
		}

		private void arrived(Invalidation invalidation) {
			CompletableFuture<Invalidation> arrival = this.arrival;
			if (arrival != null) {
				arrival.complete(invalidation);
			}
		}

		private static ConfigurableApplicationContext instance(String name, int port) {
			return BenchmarkContexts.run(BusOnly.class, WebApplicationType.NONE,
					Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", port,
							"modulehost.instance.name", name, "modulehost.caches.invalidation.redis.enabled", "true"));
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.secondContext.close();
			this.firstContext.close();
		}

	}

	/**
	 * Lettuce alone: one connection publishing, one subscribed with a listener.
	 */
	@State(Scope.Benchmark)
	public static class RawLettuce {

		static final String CHANNEL = "raw.invalidations";

		RedisCommands<String, String> publisher;

		volatile CompletableFuture<String> arrival;

		private RedisClient client;

		private StatefulRedisConnection<String, String> publishing;

		private StatefulRedisPubSubConnection<String, String> subscribed;

		@Setup(Level.Trial)
		public void start(Redis redis) {
			this.client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port));
			this.publishing = this.client.connect();
			this.publisher = this.publishing.sync();
			this.subscribed = this.client.connectPubSub();
			this.subscribed.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String channel, String message) {
					CompletableFuture<String> arrival = RawLettuce.this.arrival;
					if (arrival != null) {
						arrival.complete(message);
					}
				}

			});
			this.subscribed.sync().subscribe(CHANNEL);
			check("A raw PUBLISH did not reach the listener", () -> {
				CompletableFuture<String> arrival = new CompletableFuture<>();
				this.arrival = arrival;
				this.publisher.publish(CHANNEL, "[\"@alice:example.com\"]");
				return arrival;
			});
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.subscribed.close();
			this.publishing.close();
			this.client.shutdown();
		}

	}

	/**
	 * Sends one message and waits for it, again every 100 ms for up to 10 s; fails with the message
	 * if none arrives. For the set-up checks: a benchmark that measures nothing arriving is broken.
	 */
	static void check(String failure, Supplier<CompletableFuture<?>> send) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try {
				send.get().get(100, TimeUnit.MILLISECONDS);
				return;
			}
			catch (TimeoutException ex) {
				// Not yet: send again.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(failure, ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(failure, ex);
			}
		}
		throw new IllegalStateException(failure);
	}

	/** Spring Data Redis and the Redis invalidation bus, nothing else. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, RedisInvalidationAutoConfiguration.class })
	static class BusOnly {

	}

}

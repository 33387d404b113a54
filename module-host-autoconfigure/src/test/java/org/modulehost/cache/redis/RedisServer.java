package org.modulehost.cache.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} process of a test's own, on a free loopback port, without
 * persistence, which the test can stop and start again on the same port. The binary is
 * {@code $MODULEHOST_TEST_REDIS_SERVER} (CI) or {@code redis-server} on the {@code PATH}; a test
 * is skipped only when there is none.
 */
final class RedisServer implements AutoCloseable {

	private final String binary;

	private final int port;

	private volatile Process process;

	private RedisServer(String binary, int port) {
		this.binary = binary;
		this.port = port;
	}

	/**
	 * Starts a server, or skips the calling test when no {@code redis-server} is installed.
	 * @return the running server
	 */
	static RedisServer start() {
		Optional<String> binary = findBinary();
		Assumptions.assumeTrue(binary.isPresent(),
				"No redis-server: install it (apt-get install redis-server) or set MODULEHOST_TEST_REDIS_SERVER");
		RedisServer server = new RedisServer(binary.get(), freePort());
		server.startProcess();
		// Should the test JVM end without closing it, the server goes too.
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-shutdown"));
		return server;
	}

	static Optional<String> findBinary() {
		String configured = System.getenv("MODULEHOST_TEST_REDIS_SERVER");
		if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
			return Optional.of(configured);
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate.toString());
			}
		}
		return Optional.empty();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * The {@code spring.data.redis.*} properties that point at this server.
	 * @return property assignments
	 */
	String[] properties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port };
	}

	/**
	 * Stops the server, like a crash (SIGKILL): every connection drops.
	 */
	void stop() {
		Process process = this.process;
		process.destroyForcibly();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	boolean isRunning() {
		Process process = this.process;
		return process != null && process.isAlive();
	}

	/**
	 * Starts the server again, on the same port, empty.
	 */
	void restart() {
		startProcess();
	}

	/**
	 * Runs commands on a connection of its own.
	 * @param <T> the result type
	 * @param commands what to run
	 * @return the result
	 */
	<T> T call(Function<RedisCommands<byte[], byte[]>, T> commands) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", this.port));
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			return commands.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

	private void startProcess() {
		List<String> command = new ArrayList<>(List.of(this.binary, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.binary, ex);
		}
		CompletableFuture<Void> ready = new CompletableFuture<>();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> readOutput(process, ready, output), "redis-server-" + this.port);
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(20, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException("redis-server did not start on port " + this.port + ":\n" + output, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.process = process;
	}

	private static void readOutput(Process process, CompletableFuture<Void> ready, StringBuilder output) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (output) {
					output.append(line).append('\n');
				}
				if (line.contains("Ready to accept connections")) {
					ready.complete(null);
				}
			}
			ready.completeExceptionally(new IllegalStateException("redis-server exited"));
		}
		catch (IOException ex) {
			ready.completeExceptionally(ex);
		}
	}

	@Override
	public void close() {
		Process process = this.process;
		if (process != null && process.isAlive()) {
			stop();
		}
	}

}

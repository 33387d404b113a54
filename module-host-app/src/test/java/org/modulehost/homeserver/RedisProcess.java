package org.modulehost.homeserver;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} of a test's own on a free loopback port, without persistence, that the
 * test can kill and start again on the same port. The binary is
 * {@code $MODULEHOST_TEST_REDIS_SERVER} or {@code redis-server} on the {@code PATH}.
 */
final class RedisProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(20);

	private final String binary;

	private final int port;

	private volatile Process process;

	private RedisProcess(String binary, int port) {
		this.binary = binary;
		this.port = port;
		this.process = launch();
	}

	/**
	 * Starts a server.
	 * @return the running server
	 * @throws IllegalStateException when there is no {@code redis-server}
	 */
	static RedisProcess start() {
		RedisProcess server = new RedisProcess(binary(), freePort());
		// Should the test JVM end without closing it, the server goes too.
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-shutdown"));
		return server;
	}

	private static String binary() {
		String configured = System.getenv("MODULEHOST_TEST_REDIS_SERVER");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String path = System.getenv("PATH");
		for (String directory : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new IllegalStateException(
				"No redis-server for the scale-out test: install it (apt-get install redis-server) or set "
						+ "MODULEHOST_TEST_REDIS_SERVER to its path");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code spring.data.redis.*} properties that point at this server.
	 * @return property assignments
	 */
	String[] properties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port };
	}

	/**
	 * Kills the server (SIGKILL), as a crash would: every connection drops.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts the server again, empty, on the same port.
	 */
	void restart() {
		this.process = launch();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	private Process launch() {
		ProcessBuilder builder = new ProcessBuilder(this.binary, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		Process started;
		try {
			started = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.binary, ex);
		}
		await().atMost(STARTUP).until(() -> !started.isAlive() || answersPing());
		if (!started.isAlive()) {
			throw new IllegalStateException("redis-server exited at start on port " + this.port);
		}
		return started;
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readNBytes(7);
			return "+PONG\r\n".equals(new String(answer, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}

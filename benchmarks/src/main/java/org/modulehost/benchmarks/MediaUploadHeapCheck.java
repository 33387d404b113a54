package org.modulehost.benchmarks;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the heap an upload costs: starts the homeserver in this JVM (run it with
 * {@code -Xmx256m}), uploads a generated body of the given size (default 1 GiB, with a
 * {@code Content-Length}) through {@code POST /_matrix/media/v3/upload}, and while it streams
 * samples the used heap after a full collection every 250 ms. Prints the used heap before the
 * upload, the highest sample during it and their difference, and exits with status 1 when the
 * difference is 32 MiB or more (or the upload failed).
 *
 * <pre>{@code java -Xmx256m -cp benchmarks/target/benchmarks.jar org.modulehost.benchmarks.MediaUploadHeapCheck [MiB]}</pre>
 */
public final class MediaUploadHeapCheck {

	private MediaUploadHeapCheck() {
	}

	public static void main(String[] args) throws Exception {
		long size = ((args.length > 0) ? Long.parseLong(args[0]) : 1024) * 1024 * 1024;
		Path directory = Files.createTempDirectory("media-heap");
		ConfigurableApplicationContext context = SpringApplication.run(ModuleHostApplication.class,
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + directory.resolve("homeserver")
						+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE",
				"--homeserver.passwords.bcrypt-rounds=4", "--homeserver.registration.enabled=true",
				"--homeserver.registration.allow-without-verification=true",
				"--homeserver.media.store-path=" + directory.resolve("media"), "--homeserver.media.max-upload-size=4GB",
				"--management.server.port=-1", "--logging.level.root=WARN", "--spring.main.banner-mode=off");
		int status = 1;
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			JsonMapper json = JsonMapper.builder().build();
			HttpResponse<String> registered = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/_matrix/client/v3/register"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
						Map.of("username", "heap", "password", "heap", "auth", Map.of("type", "m.login.dummy")))))
				.build(), HttpResponse.BodyHandlers.ofString());
			String token = (String) json.readValue(registered.body(), Map.class).get("access_token");
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			System.gc();
			long before = memory.getHeapMemoryUsage().getUsed();
			AtomicLong peak = new AtomicLong(before);
			AtomicBoolean done = new AtomicBoolean();
			Thread sampler = new Thread(() -> {
				while (!done.get()) {
					System.gc();
					peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					try {
						Thread.sleep(250);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			sampler.start();
			long total = size;
			long start = System.nanoTime();
			HttpResponse<String> uploaded = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/_matrix/media/v3/upload"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers.fromPublisher(
						HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(total)), total))
				.build(), HttpResponse.BodyHandlers.ofString());
			double seconds = (System.nanoTime() - start) / 1e9;
			done.set(true);
			sampler.join();
			long growth = peak.get() - before;
			System.out.printf("upload of %d MiB: %d %s in %.1f s (%.0f MiB/s)%n", total >> 20, uploaded.statusCode(),
					uploaded.body(), seconds, (total >> 20) / seconds);
			System.out.printf("heap used after GC: before %.1f MiB, peak during the upload %.1f MiB, growth %.1f MiB"
					+ " (limit 32 MiB; max heap %d MiB)%n", before / 1048576.0, peak.get() / 1048576.0,
					growth / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
			status = (uploaded.statusCode() == 200 && growth < 32L * 1024 * 1024) ? 0 : 1;
		}
		finally {
			context.close();
			try (Stream<Path> files = Files.walk(directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
		System.exit(status);
	}

	/**
	 * A stream of zeros of a given length.
	 */
	static final class Zeros extends InputStream {

		private long remaining;

		Zeros(long length) {
			this.remaining = length;
		}

		@Override
		public int read() {
			if (this.remaining <= 0) {
				return -1;
			}
			this.remaining--;
			return 0;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.remaining <= 0) {
				return -1;
			}
			int n = (int) Math.min(length, this.remaining);
			java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
			this.remaining -= n;
			return n;
		}

	}

}

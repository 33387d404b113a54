package org.modulehost.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Media throughput of the reference homeserver over HTTP on the loopback, one client, each
 * against its baseline in the same server and run:
 * <ul>
 * <li>{@code download}: {@code GET /_matrix/client/v1/media/download/…} of a stored file, against
 * {@code downloadStaticResource}: Spring MVC's static resource handler serving the same file
 * from the same disk. Goal: at least 0.8 of it.</li>
 * <li>{@code upload}: {@code POST /_matrix/media/v3/upload} of a file, against
 * {@code uploadPlainServlet}: a servlet that copies the request stream to a file. Goal: at least
 * 0.7 of it.</li>
 * </ul>
 * Scores are operations (files) per second; the file size is the {@code sizeMb} parameter (100
 * for the recorded figures; 1 in the smoke run).
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class MediaBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Benchmark
	public long download(Server server) throws Exception {
		return server.get(server.downloadUri);
	}

	@Benchmark
	public long downloadStaticResource(Server server) throws Exception {
		return server.get(server.staticUri);
	}

	@Benchmark
	public long upload(Server server) throws Exception {
		return server.post(server.uploadUri);
	}

	@Benchmark
	public long uploadPlainServlet(Server server) throws Exception {
		return server.post(server.plainUploadUri);
	}

	/**
	 * A homeserver with one stored file, the static resource handler over its media directory
	 * and the plain upload servlet.
	 */
	@State(Scope.Benchmark)
	public static class Server {

		/** The size of the file downloaded and uploaded, in MiB. */
		@Param({ "1" })
		public int sizeMb;

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private ConfigurableApplicationContext context;

		private Path directory;

		private Path file;

		private String token;

		URI downloadUri;

		URI staticUri;

		URI uploadUri;

		URI plainUploadUri;

		@Setup(Level.Trial)
		public void start() throws Exception {
			this.directory = Files.createTempDirectory("media-benchmark");
			Path media = this.directory.resolve("media");
			System.setProperty("modulehost.benchmark.media-dir", media.toString());
			System.setProperty("modulehost.benchmark.upload-dir", this.directory.resolve("plain").toString());
			this.context = SpringApplication.run(new Class<?>[] { ModuleHostApplication.class, Baselines.class },
					new String[] { "--server.port=0",
							"--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("homeserver")
									+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE",
							"--homeserver.passwords.bcrypt-rounds=4", "--homeserver.registration.enabled=true",
							"--homeserver.registration.allow-without-verification=true",
							"--homeserver.media.store-path=" + media, "--homeserver.media.max-upload-size=2GB",
							"--management.server.port=-1", "--logging.level.root=WARN", "--spring.main.banner-mode=off",
							"--spring.jmx.enabled=false" });
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			String base = "http://localhost:" + port;
			HttpResponse<String> registered = this.http.send(HttpRequest
				.newBuilder(URI.create(base + "/_matrix/client/v3/register"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("username", "bench",
						"password", "bench", "auth", Map.of("type", "m.login.dummy")))))
				.build(), HttpResponse.BodyHandlers.ofString());
			BenchmarkContexts.check(registered.statusCode() == 200, "Registration failed: " + registered.body());
			this.token = (String) json.readValue(registered.body(), Map.class).get("access_token");
			this.file = this.directory.resolve("payload.bin");
			byte[] chunk = new byte[1024 * 1024];
			new Random(42).nextBytes(chunk);
			try (OutputStream out = Files.newOutputStream(this.file)) {
				for (int i = 0; i < this.sizeMb; i++) {
					out.write(chunk);
				}
			}
			this.uploadUri = URI.create(base + "/_matrix/media/v3/upload");
			this.plainUploadUri = URI.create(base + "/bench-upload");
			HttpResponse<String> uploaded = this.http.send(request(this.uploadUri)
				.POST(HttpRequest.BodyPublishers.ofFile(this.file))
				.build(), HttpResponse.BodyHandlers.ofString());
			BenchmarkContexts.check(uploaded.statusCode() == 200, "Upload failed: " + uploaded.body());
			String uri = (String) json.readValue(uploaded.body(), Map.class).get("content_uri");
			String mediaId = uri.substring(uri.lastIndexOf('/') + 1);
			this.downloadUri = URI.create(base + "/_matrix/client/v1/media/download/localhost/" + mediaId);
			this.staticUri = URI.create(base + "/bench-static/local_content/" + mediaId.substring(0, 2) + "/"
					+ mediaId.substring(2, 4) + "/" + mediaId.substring(4));
			long expected = Files.size(this.file);
			BenchmarkContexts.check(get(this.downloadUri) == expected, "The media download is not the file");
			BenchmarkContexts.check(get(this.staticUri) == expected, "The static download is not the file");
			BenchmarkContexts.check(post(this.plainUploadUri) == expected, "The plain upload did not store the file");
		}

		private HttpRequest.Builder request(URI uri) {
			return HttpRequest.newBuilder(uri)
				.header("Authorization", "Bearer " + this.token)
				.header("Content-Type", "application/octet-stream");
		}

		/** Downloads and counts the bytes. */
		long get(URI uri) throws Exception {
			HttpResponse<InputStream> response = this.http.send(request(uri).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			long count = 0;
			try (InputStream in = response.body()) {
				byte[] buffer = new byte[64 * 1024];
				int n;
				while ((n = in.read(buffer)) >= 0) {
					count += n;
				}
			}
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode());
			}
			return count;
		}

		/** Uploads the file; answers its length. */
		long post(URI uri) throws Exception {
			HttpResponse<String> response = this.http.send(
					request(uri).POST(HttpRequest.BodyPublishers.ofFile(this.file)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode() + " " + response.body());
			}
			return Files.size(this.file);
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.context.close();
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}

	}

	/**
	 * The baselines: Spring MVC's static resource handler over the media directory, and a plain
	 * servlet that copies the request stream to a file (and deletes it, as the next upload
	 * needs the space).
	 */
	@Configuration(proxyBeanMethods = false)
	public static class Baselines {

		@Bean
		WebMvcConfigurer benchmarkStaticResources() {
			return new WebMvcConfigurer() {

				@Override
				public void addResourceHandlers(ResourceHandlerRegistry registry) {
					registry.addResourceHandler("/bench-static/**")
						.addResourceLocations(
								Path.of(System.getProperty("modulehost.benchmark.media-dir")).toUri().toString());
				}

			};
		}

		@Bean
		ServletRegistrationBean<HttpServlet> benchmarkPlainUpload() {
			Path directory = Path.of(System.getProperty("modulehost.benchmark.upload-dir"));
			HttpServlet servlet = new HttpServlet() {

				@Override
				protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
					Files.createDirectories(directory);
					Path target = Files.createTempFile(directory, "upload-", ".bin");
					try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
						in.transferTo(out);
					}
					Files.delete(target);
					response.setStatus(200);
					response.setContentType("application/json");
					response.getWriter().write("{}");
				}

			};
			return new ServletRegistrationBean<>(servlet, "/bench-upload");
		}

	}

}

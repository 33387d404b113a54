package org.modulehost.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.modulehost.api.ModuleApi;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests per second of a module's {@code HttpRequestHandler} against the same work in a plain
 * {@code @RestController} of the application: one real server on a random port, both routes
 * measured in the same fork at the same time (a JMH group), each over its own keep-alive
 * loopback connections. Both answer {@code 200} with the same 17-byte JSON body; the controller's
 * request also passes the module handler mapping first, as every application request does.
 *
 * <p>Each operation pipelines {@value #PIPELINE} requests on its connection and reads their
 * responses, so that the server's work per request, not the round trip of a blocking client on a
 * busy machine, sets the pace; scores are requests per second.
 *
 * <p>Goal: {@code routes:moduleHandler} at least 0.95 of {@code routes:plainController}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 6, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@State(Scope.Group)
public class WebResourceBenchmark {

	static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

	static final String MODULE_PATH = "/_synapse/client/bench/hello";

	static final String CONTROLLER_PATH = "/bench/hello";

	static final int PIPELINE = 16;

	private ConfigurableApplicationContext context;

	private int port;

	@Setup(Level.Trial)
	public void startServer() throws IOException {
		this.context = start("0");
		this.port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		BenchmarkContexts.assertModulesLoaded(this.context, 1);
		// Both routes answer 200 (exchange fails otherwise) with the body, pipelined, on one connection.
		Connection probe = new Connection();
		try {
			BenchmarkContexts.check(probe.exchange(this.port, probe.moduleRequest) == PIPELINE * BODY.length,
					"The module's route answered another body");
			BenchmarkContexts.check(probe.exchange(this.port, probe.controllerRequest) == PIPELINE * BODY.length,
					"The controller's route answered another body");
		}
		finally {
			probe.close();
		}
	}

	static ConfigurableApplicationContext start(String port) {
		return BenchmarkContexts.run(BenchmarkApplication.class, WebApplicationType.SERVLET,
				Map.of("server.port", port, "server.tomcat.max-keep-alive-requests", "-1", "modules[0].module",
						BenchModule.class.getName(), "modules[0].name", "bench"));
	}

	/**
	 * Starts the benchmark's server alone, for an external load generator such as wrk
	 * ({@code benchmarks/web-throughput.sh wrk}).
	 * @param args the port, {@code 8080} by default
	 */
	public static void main(String[] args) {
		start((args.length > 0) ? args[0] : "8080");
	}

	@TearDown(Level.Trial)
	public void stopServer() {
		this.context.close();
	}

	@Benchmark
	@Group("routes")
	@GroupThreads(2)
	@OperationsPerInvocation(PIPELINE)
	public int moduleHandler(Connection connection) throws IOException {
		return connection.exchange(this.port, connection.moduleRequest);
	}

	@Benchmark
	@Group("routes")
	@GroupThreads(2)
	@OperationsPerInvocation(PIPELINE)
	public int plainController(Connection connection) throws IOException {
		return connection.exchange(this.port, connection.controllerRequest);
	}

	/**
	 * One keep-alive connection per benchmark thread.
	 */
	@State(Scope.Thread)
	public static class Connection {

		final byte[] moduleRequest = request(MODULE_PATH);

		final byte[] controllerRequest = request(CONTROLLER_PATH);

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		private static byte[] request(String path) {
			return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n")
				.repeat(PIPELINE)
				.getBytes(StandardCharsets.ISO_8859_1);
		}

		int exchange(int port, byte[] request) throws IOException {
			if (this.socket == null) {
				this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
				this.socket.setTcpNoDelay(true);
				this.out = this.socket.getOutputStream();
				this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
			}
			this.out.write(request);
			this.out.flush();
			int length = 0;
			for (int i = 0; i < PIPELINE; i++) {
				length += readResponse();
			}
			return length;
		}

		/**
		 * Reads one response with a {@code Content-Length}, returns its body's length.
		 */
		private int readResponse() throws IOException {
			int status = -1;
			int length = -1;
			boolean close = false;
			StringBuilder line = new StringBuilder(64);
			while (true) {
				readLine(line);
				if (line.length() == 0) {
					break;
				}
				if (status < 0) {
					status = Integer.parseInt(line.substring(9, 12));
				}
				else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
				else if (line.toString().equalsIgnoreCase("connection: close")) {
					close = true;
				}
			}
			if (status != 200 || length < 0) {
				throw new IOException("Unexpected response: status " + status + ", length " + length);
			}
			for (int i = 0; i < length; i++) {
				if (this.in.read() < 0) {
					throw new IOException("Connection closed in the body");
				}
			}
			if (close) {
				throw new IOException("The server closed the connection; set server.tomcat.max-keep-alive-requests=-1");
			}
			return length;
		}

		private void readLine(StringBuilder line) throws IOException {
			line.setLength(0);
			int c;
			while ((c = this.in.read()) != '\n') {
				if (c < 0) {
					throw new IOException("Connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
		}

		@TearDown(Level.Trial)
		public void close() throws IOException {
			if (this.socket != null) {
				this.socket.close();
			}
		}

	}

	/**
	 * The host application: auto-configuration and one controller.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PlainController.class)
	public static class BenchmarkApplication {

	}

	/**
	 * The baseline: the work as a plain controller of the application.
	 */
	@RestController
	public static class PlainController {

		@GetMapping(path = CONTROLLER_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
		public byte[] hello() {
			return BODY;
		}

	}

	/**
	 * The subject: the work as a module's web resource.
	 */
	public static class BenchModule {

		public BenchModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource(MODULE_PATH, new Hello());
		}

	}

	static final class Hello implements HttpRequestHandler {

		@Override
		public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(BODY.length);
			response.getOutputStream().write(BODY);
		}

	}

}

package org.modulehost.homeserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Media requests with byte bodies, and raw-socket requests for what an HTTP client will not send
 * (a body cut short, an unread body, an unencoded path).
 */
final class MediaRequests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	MediaRequests(int port) {
		this.port = port;
	}

	Reply upload(@Nullable String token, byte[] body, @Nullable String contentType, @Nullable String query) {
		HttpRequest.Builder request = request(token, "/_matrix/media/v3/upload" + ((query != null) ? "?" + query : ""))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	Reply put(@Nullable String token, String path, byte[] body, String contentType) {
		return send(request(token, path).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", contentType)
			.build());
	}

	Reply get(@Nullable String token, String path, String... headers) {
		HttpRequest.Builder request = request(token, path).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	Reply post(@Nullable String token, String path) {
		return send(request(token, path).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	Reply delete(@Nullable String token, String path) {
		return send(request(token, path).DELETE().build());
	}

	/** Uploads a body of unknown length (chunked). */
	Reply uploadChunked(String token, InputStream body) {
		return send(request(token, "/_matrix/media/v3/upload")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
			.header("Content-Type", "application/octet-stream")
			.build());
	}

	private HttpRequest.Builder request(@Nullable String token, String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private Reply send(HttpRequest request) {
		try {
			return Reply.of(this.http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a request head (and the given start of a body) on a raw socket and returns the
	 * status line and headers of the answer, or {@code null} when {@code close} closed the socket
	 * without reading.
	 */
	@Nullable String raw(String head, byte[] body, boolean close) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			if (close) {
				return null;
			}
			// Until the end of the (small, JSON) body: the server may keep the connection open.
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			int b;
			while (!answer.toString().endsWith("}") && (b = in.read()) >= 0) {
				answer.append((char) b);
			}
			return answer.toString();
		}
	}

	/** Lists the regular files under a directory (none when it does not exist). */
	static List<Path> files(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	/**
	 * A response with a byte body.
	 */
	record Reply(int status, Map<String, List<String>> headers, byte[] bytes) {

		static Reply of(HttpResponse<byte[]> response) {
			return new Reply(response.statusCode(), response.headers().map(), response.body());
		}

		@Nullable String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return mapper.readValue(this.bytes, Map.class);
		}

		@Nullable String errcode() {
			return (String) json().get("errcode");
		}

		String contentUri() {
			return (String) json().get("content_uri");
		}

		String mediaId() {
			String uri = contentUri();
			return uri.substring(uri.lastIndexOf('/') + 1);
		}

		@Override
		public String toString() {
			return this.status + " " + new String(this.bytes, 0, Math.min(this.bytes.length, 300), StandardCharsets.UTF_8);
		}

	}

}

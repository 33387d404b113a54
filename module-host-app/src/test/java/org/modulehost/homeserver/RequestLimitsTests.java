package org.modulehost.homeserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits on what one request may make the server hold: the JSON body (1 MiB by default,
 * refused before it is read), events (65,536 bytes of canonical JSON), account data items, and
 * lists and counts in requests.
 */
class RequestLimitsTests extends HomeserverTestSupport {

	private static final int MIB = 1024 * 1024;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void aBodyWhoseContentLengthIsOverTheLimitIsRefusedWithoutBeingRead() throws IOException {
		// Only the head is sent: a server that waited for the 300 MB body would never answer.
		RawResponse response = raw("POST /_matrix/client/v3/login HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + (300L * MIB) + "\r\n\r\n", new byte[0]);
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json()).containsEntry("errcode", "M_TOO_LARGE");
		assertServerHealthy();
	}

	@Test
	void aBrowserClientCanReadTheRefusalOfABodyOverTheLimit() throws IOException {
		// Without CORS headers on the refusal, a browser hides the 413 and the client sees a network error.
		RawResponse response = raw("POST /_matrix/client/v3/login HTTP/1.1\r\nHost: localhost\r\n"
				+ "Origin: https://app.element.io\r\nContent-Type: application/json\r\nContent-Length: "
				+ (300L * MIB) + "\r\n\r\n", new byte[0]);
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.headers()).containsEntry("access-control-allow-origin", "*");
	}

	@Test
	void aChunkedBodyIsCutOffAsSoonAsItPassesTheLimit() throws IOException {
		// A chunked body (no Content-Length) of just over the limit that never ends: the answer
		// comes once the limit is passed, not when the body is complete.
		ByteArrayOutputStream chunks = new ByteArrayOutputStream();
		chunk(chunks, "{\"type\":\"m.login.password\",\"padding\":\"".getBytes(StandardCharsets.US_ASCII));
		byte[] padding = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 17; i++) {
			chunk(chunks, padding);
		}
		byte[] sent = chunks.toByteArray();
		RawResponse response = raw("POST /_matrix/client/v3/login HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", sent);
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json()).containsEntry("errcode", "M_TOO_LARGE");
		assertServerHealthy();
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedEvenWithoutAnAccessToken() throws IOException {
		// The body is read before the token is checked, as by Synapse's web server.
		ByteArrayOutputStream chunks = new ByteArrayOutputStream();
		byte[] padding = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 17; i++) {
			chunk(chunks, padding);
		}
		RawResponse response = raw("PUT /_matrix/client/v3/rooms/!nowhere:localhost/state/m.room.topic HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json()).containsEntry("errcode", "M_TOO_LARGE");
		assertServerHealthy();
	}

	@Test
	void aBodyOfExactlyTheLimitIsAccepted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String prefix = "{\"search_term\":\"nobody\",\"padding\":\"";
		String body = prefix + "x".repeat(MIB - prefix.length() - 2) + "\"}";
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(MIB);
		MatrixClient.Response accepted = alice.raw("POST", "/_matrix/client/v3/user_directory/search", body);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		MatrixClient.Response refused = alice.raw("POST", "/_matrix/client/v3/user_directory/search",
				prefix + "x".repeat(MIB - prefix.length() - 1) + "\"}");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		assertServerHealthy();
	}

	@Test
	void theAdminApiBodyIsLimitedToo() throws IOException {
		RawResponse response = raw("POST /_synapse/admin/v1/register HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + (2L * MIB) + "\r\n\r\n", new byte[0]);
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json()).containsEntry("errcode", "M_TOO_LARGE");
	}

	@Test
	void aFormEncodedBodyOverTheLimitIsRefusedToo() throws IOException {
		RawResponse response = raw("PUT /_matrix/client/v3/profile/%40a%3Alocalhost/displayname HTTP/1.1\r\n"
				+ "Host: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
				+ (2L * MIB) + "\r\n\r\n", new byte[0]);
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.json()).containsEntry("errcode", "M_TOO_LARGE");
	}

	@Test
	void aMessageOverTheEventSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.text", "body", "x".repeat(65_536)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		MatrixClient.Response accepted = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.text", "body", "x".repeat(60_000)));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
	}

	@Test
	void aStateEventOverTheEventSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.put(
				"/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.topic/",
				Map.of("topic", "x".repeat(65_536)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void aRedactionOverTheEventSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "to be redacted");
		MatrixClient.Response refused = alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/redact/" + MatrixClient.encode(eventId) + "/" + MatrixClient.nextTxn(),
				Map.of("reason", "x".repeat(65_536)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void aMembershipOverTheEventSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/leave", Map.of("reason", "x".repeat(65_536)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void aRoomWhoseCreationEventsAreOverTheEventSizeLimitIsNotCreated() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response refused = alice.post("/_matrix/client/v3/createRoom",
				Map.of("name", "x".repeat(65_536)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		assertThat(alice.get("/_matrix/client/v3/joined_rooms").list("joined_rooms")).isEmpty();
	}

	@Test
	void aTransactionIdOver255CharactersIsRefusedAndOneOf255Accepted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response send = alice.send(roomId, "m.room.message", "t".repeat(256),
				Map.of("msgtype", "m.text", "body", "hi"));
		assertThat(send.status()).as(send.toString()).isEqualTo(400);
		assertThat(send.errcode()).isEqualTo("M_INVALID_PARAM");
		String eventId = alice.sendMessage(roomId, "to redact");
		MatrixClient.Response redact = alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/redact/" + MatrixClient.encode(eventId) + "/" + "r".repeat(256), Map.of());
		assertThat(redact.status()).as(redact.toString()).isEqualTo(400);
		assertThat(redact.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response fits = alice.send(roomId, "m.room.message", "t".repeat(255),
				Map.of("msgtype", "m.text", "body", "hi"));
		assertThat(fits.status()).as(fits.toString()).isEqualTo(200);
	}

	@Test
	void aStateKeyOrTypeOver255BytesIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response stateKey = alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/state/org.example.thing/" + "k".repeat(256), Map.of());
		assertThat(stateKey.status()).as(stateKey.toString()).isEqualTo(413);
		assertThat(stateKey.errcode()).isEqualTo("M_TOO_LARGE");
		MatrixClient.Response type = alice.send(roomId, "org.example." + "t".repeat(250), MatrixClient.nextTxn(),
				Map.of());
		assertThat(type.status()).as(type.toString()).isEqualTo(413);
		assertThat(type.errcode()).isEqualTo("M_TOO_LARGE");
		MatrixClient.Response fits = alice.put("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/state/org.example.thing/" + "k".repeat(255), Map.of());
		assertThat(fits.status()).as(fits.toString()).isEqualTo(200);
	}

	@Test
	void anUnfinishedRegistrationKeepsAtMost64KiBOfParameters() {
		MatrixClient.Response refused = client().post("/_matrix/client/v3/register", Map.of("username",
				MatrixClient.unique("padded"), "password", "pw", "padding", "x".repeat(64 * 1024)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		MatrixClient.Response kept = client().post("/_matrix/client/v3/register", Map.of("username",
				MatrixClient.unique("padded"), "password", "pw", "padding", "x".repeat(60 * 1024)));
		assertThat(kept.status()).as(kept.toString()).isEqualTo(401);
	}

	@Test
	void anAccountDataItemOverTheLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String path = "/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId()) + "/account_data/org.example.big";
		MatrixClient.Response refused = alice.put(path, Map.of("data", "x".repeat(256 * 1024)));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		assertThat(alice.get(path).status()).isEqualTo(404);
		MatrixClient.Response accepted = alice.put(path, Map.of("data", "x".repeat(200 * 1024)));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
	}

	private static void chunk(ByteArrayOutputStream chunks, byte[] data) {
		chunks.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		chunks.writeBytes(data);
		chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	private void assertServerHealthy() {
		MatrixClient.Response versions = client().get("/_matrix/client/versions");
		assertThat(versions.status()).isEqualTo(200);
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", "nobody"), "password", "wrong"));
		assertThat(login.status()).as(login.toString()).isEqualTo(403);
		assertThat(login.errcode()).isEqualTo("M_FORBIDDEN");
	}

	/**
	 * Sends a request over a socket of its own and reads one response, without waiting for the
	 * server to close the connection.
	 */
	private RawResponse raw(String head, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = line(in);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				int colon = header.indexOf(':');
				headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
			}
			ByteArrayOutputStream content = new ByteArrayOutputStream();
			if (headers.containsKey("content-length")) {
				content.writeBytes(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
					content.writeBytes(in.readNBytes(size));
					line(in);
				}
			}
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			return new RawResponse(status, headers, content.toString(StandardCharsets.UTF_8));
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed after: " + line.toString(StandardCharsets.US_ASCII));
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	record RawResponse(int status, Map<String, String> headers, String text) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return mapper.readValue(this.text, Map.class);
		}

	}

}

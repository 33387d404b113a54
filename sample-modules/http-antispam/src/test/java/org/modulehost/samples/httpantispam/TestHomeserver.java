package org.modulehost.samples.httpantispam;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.ModuleTestHost;

/**
 * The reference homeserver with the http-antispam module, on an in-memory database of its own,
 * and a Matrix client's view of it.
 */
final class TestHomeserver {

	static final JsonMapper json = JsonMapper.builder().build();

	private TestHomeserver() {
	}

	/**
	 * Describes a homeserver whose only module is http-antispam with the given configuration.
	 * @param moduleConfig the module's {@code config:}
	 * @return the builder
	 */
	static ModuleTestHost.Builder builder(Map<String, Object> moduleConfig) {
		// YAML rather than property(): the builder's properties are defaults, which the
		// homeserver's own application.yml (its spring.datasource.url, its server.port) overrides
		Map<String, Object> limits = Map.of("per-second", 1000, "burst-count", 1000);
		Map<String, Object> homeserver = new LinkedHashMap<>();
		homeserver.put("passwords", Map.of("bcrypt-rounds", 4));
		homeserver.put("ratelimit", Map.of("message", limits, "invites", limits));
		homeserver.put("user-directory", Map.of("search-all-users", true));
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("spring", Map.of("datasource", Map.of("url", "jdbc:h2:mem:antispam_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ";DB_CLOSE_DELAY=-1")));
		document.put("server", Map.of("port", 0));
		document.put("homeserver", homeserver);
		document.put("modules", List.of(Map.of("module", HttpAntispam.class.getName(), "config", moduleConfig)));
		return ModuleTestHost.builder().application(ModuleHostApplication.class).yaml(json.writeValueAsString(document));
	}

	/**
	 * Registers a user through the dummy flow.
	 * @param host the homeserver
	 * @param localpart the localpart
	 * @return the response
	 */
	static HttpResponse<String> tryRegister(ModuleTestHost host, String localpart) {
		return host.post("/_matrix/client/v3/register", json.writeValueAsString(Map.of("username", localpart,
				"password", "secret-" + localpart, "auth", Map.of("type", "m.login.dummy"))));
	}

	/**
	 * Registers a user through the dummy flow.
	 * @param host the homeserver
	 * @param localpart the localpart
	 * @return the user
	 */
	static Account register(ModuleTestHost host, String localpart) {
		HttpResponse<String> response = tryRegister(host, localpart);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Registering " + localpart + ": " + response.statusCode() + " " + response.body());
		}
		JsonNode body = json(response);
		return new Account(body.get("user_id").asString(), body.get("access_token").asString());
	}

	/**
	 * Creates a room.
	 * @param host the homeserver
	 * @param creator who creates it
	 * @param config the {@code /createRoom} body
	 * @return the response
	 */
	static HttpResponse<String> createRoom(ModuleTestHost host, Account creator, Map<String, Object> config) {
		return send(host, "POST", "/_matrix/client/v3/createRoom", config, creator);
	}

	/**
	 * Creates a public room and returns its ID.
	 * @param host the homeserver
	 * @param creator who creates it
	 * @return the room ID
	 */
	static String publicRoom(ModuleTestHost host, Account creator) {
		HttpResponse<String> response = createRoom(host, creator, Map.of("preset", "public_chat"));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("createRoom: " + response.statusCode() + " " + response.body());
		}
		return json(response).get("room_id").asString();
	}

	/**
	 * Sends a request with a user's access token.
	 * @param host the homeserver
	 * @param method the method
	 * @param path the path
	 * @param body a body to send as JSON, or {@code null}
	 * @param account the user
	 * @return the response
	 */
	static HttpResponse<String> send(ModuleTestHost host, String method, String path, Object body, Account account) {
		return host.request(method, path, (body != null) ? json.writeValueAsString(body) : null, "Authorization",
				"Bearer " + account.accessToken());
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * A registered user.
	 *
	 * @param userId the user ID
	 * @param accessToken an access token
	 */
	record Account(String userId, String accessToken) {

	}

}

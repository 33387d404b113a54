package org.modulehost.samples.sharedsecretauth;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Talks to the homeserver of a {@link ModuleTestHost} as a Matrix client does, over HTTP.
 */
final class Matrix {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ModuleTestHost host;

	Matrix(ModuleTestHost host) {
		this.host = host;
	}

	/**
	 * Describes a homeserver on a random port with an in-memory database of its own, cheap
	 * password hashing and no rate limit on invites.
	 * <p>The settings go into the host's YAML file rather than through
	 * {@code ModuleTestHost.Builder.property}: those are default properties, which the
	 * homeserver's own {@code application.yml} (port 8008, a database file under ./data)
	 * overrides.
	 * @param settings more property names and values, alternating
	 */
	static ModuleTestHost.Builder homeserver(String... settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("spring.datasource.url", "jdbc:h2:mem:" + unique("hs") + ";DB_CLOSE_DELAY=-1");
		properties.put("homeserver.passwords.bcrypt-rounds", 4);
		properties.put("homeserver.ratelimit.invites.per-second", 1000);
		properties.put("homeserver.ratelimit.invites.burst-count", 1000);
		for (int i = 0; i + 1 < settings.length; i += 2) {
			properties.put(settings[i], settings[i + 1]);
		}
		return ModuleTestHost.builder()
			.application(ModuleHostApplication.class)
			.yaml(json.writeValueAsString(properties));
	}

	/** Returns a lower-case name no other test uses. */
	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String encode(String pathSegment) {
		return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	User register(String localpart) {
		Reply reply = send("POST", "/_matrix/client/v3/register", null, Map.of("username", localpart, "password",
				"correct horse battery staple", "auth", Map.of("type", "m.login.dummy")));
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return new User(reply.body().get("user_id").asString(), reply.body().get("access_token").asString());
	}

	Reply login(Map<String, Object> body) {
		return send("POST", "/_matrix/client/v3/login", null, body);
	}

	static Map<String, Object> login(String type, String user, String field, String value) {
		return Map.of("type", type, "identifier", Map.of("type", "m.id.user", "user", user), field, value);
	}

	Reply send(String method, String path, User user, Object body) {
		String text = (body != null) ? json.writeValueAsString(body) : null;
		HttpResponse<String> response = (user != null)
				? this.host.request(method, path, text, "Authorization", "Bearer " + user.accessToken())
				: this.host.request(method, path, text);
		JsonNode tree = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
		return new Reply(response.statusCode(), tree);
	}

	/**
	 * A registered user.
	 */
	record User(String userId, String accessToken) {

	}

	/**
	 * A response: its status and JSON body.
	 */
	record Reply(int status, JsonNode body) {

		String errcode() {
			return this.body.path("errcode").asString();
		}

	}

}

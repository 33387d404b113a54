package org.modulehost.samples.it;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain-rule-checker sample as {@code samples.yml} configures it: loaded from its jar with
 * its two spam checks, and this server's users ({@code localhost}, which the mapping lets invite
 * {@code localhost}) invite each other. Refusals need users of other servers, which a server
 * without federation does not have; the sample's own tests check them.
 */
@ExtendWith(RunningHomeserver.class)
class DomainRuleCheckerIT {

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void theModuleIsLoadedFromItsJarWithItsSpamChecks(Server server) {
		HttpResponse<String> response = server.management("/actuator/modules/domain-rule-checker");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode module = Server.json(response);
		assertThat(module.path("state").asString()).isEqualTo("ACTIVE");
		assertThat(module.path("location").asString()).contains("domain-rule-checker");
		assertThat(module.path("callbacks").path("spam_checker").valueStream()
			.map((callback) -> callback.path("callback").asString()))
			.containsExactlyInAnyOrder("userMayInvite", "userMayJoinRoom");
	}

	@Test
	void usersOfThisServerInviteEachOtherAndJoin(Server server) {
		Account alice = server.register(unique("alice"), PASSWORD);
		Account bob = server.register(unique("bob"), PASSWORD);
		HttpResponse<String> created = server.send("POST", "/_matrix/client/v3/createRoom", Map.of(),
				alice.accessToken());
		assertThat(created.statusCode()).isEqualTo(200);
		String roomId = Server.json(created).path("room_id").asString();
		assertThat(server.send("POST", "/_matrix/client/v3/rooms/" + encode(roomId) + "/invite",
				Map.of("user_id", bob.userId()), alice.accessToken()).statusCode()).isEqualTo(200);
		assertThat(server.send("POST", "/_matrix/client/v3/join/" + encode(roomId), Map.of(), bob.accessToken())
			.statusCode()).isEqualTo(200);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

}

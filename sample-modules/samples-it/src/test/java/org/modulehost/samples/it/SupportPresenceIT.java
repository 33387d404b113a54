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
 * The support-presence sample as {@code samples.yml} configures it: users whose localpart starts
 * with {@code support-} see the presence of users they share no room with; others do not.
 */
@ExtendWith(RunningHomeserver.class)
class SupportPresenceIT {

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void aSupportUserSeesAStrangersPresenceAndOthersDoNot(Server server) {
		Account support = server.register(unique("support"), PASSWORD);
		Account plain = server.register(unique("plain"), PASSWORD);
		Account customer = server.register(unique("customer"), PASSWORD);
		HttpResponse<String> put = server.send("PUT", "/_matrix/client/v3/presence/" + encode(customer.userId())
				+ "/status", Map.of("presence", "online", "status_msg", "need help"), customer.accessToken());
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

		assertThat(sees(server, support, customer)).isTrue();
		assertThat(sees(server, plain, customer)).isFalse();
	}

	private static boolean sees(Server server, Account observer, Account observed) {
		HttpResponse<String> sync = server.send("GET", "/_matrix/client/v3/sync?timeout=0", null,
				observer.accessToken());
		assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
		for (JsonNode event : Server.json(sync).path("presence").path("events")) {
			if (observed.userId().equals(event.path("sender").asString())) {
				return true;
			}
		}
		return false;
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}

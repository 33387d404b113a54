package org.modulehost.samples.supportpresence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.Reply;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * The router in a running homeserver: the support team sees the presence of users they share no
 * room with, and is woken by it; everyone else sees only their room mates.
 */
class SupportPresenceRouterTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	@BeforeAll
	static void start() {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.module(SupportPresenceRouter.class,
					Map.of("users", List.of("@helpdesk:localhost"), "match", "@support-.*:localhost"))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	@Test
	void aMatchedSupportMemberSeesTheOnlinePresenceOfAStranger() {
		User support = matrix.register(unique("support"));
		User customer = matrix.register(unique("customer"));
		setPresence(customer, "online", "need help");

		Reply sync = matrix.sync(support);

		JsonNode content = presenceOf(sync, customer.userId());
		assertThat(content).isNotNull();
		assertThat(content.path("status_msg").asString()).isEqualTo("need help");
	}

	@Test
	void aNamedSupportMemberIsWokenByAStrangersPresenceChange() throws Exception {
		User helpdesk = matrix.register("helpdesk");
		User customer = matrix.register(unique("customer"));
		String since = matrix.sync(helpdesk).body().path("next_batch").asString();

		CompletableFuture<Reply> poll = CompletableFuture
			.supplyAsync(() -> matrix.sync(helpdesk, since, Duration.ofSeconds(30)));
		setPresence(customer, "online", "hello support");

		// Before the poll waited, the update is in its first answer; after, it wakes the poll.
		// Either way the answer comes long before the poll's timeout.
		Reply woken = poll.get(20, TimeUnit.SECONDS);

		assertThat(presenceOf(woken, customer.userId())).isNotNull();
	}

	@Test
	void someoneOffTheTeamDoesNotSeeStrangers() {
		User plain = matrix.register(unique("plain"));
		User customer = matrix.register(unique("customer"));
		setPresence(customer, "online", null);

		Reply sync = matrix.sync(plain);

		assertThat(presenceOf(sync, customer.userId())).isNull();
	}

	private static void setPresence(User user, String presence, @Nullable String statusMsg) {
		Map<String, Object> body = (statusMsg != null) ? Map.of("presence", presence, "status_msg", statusMsg)
				: Map.of("presence", presence);
		Reply reply = matrix.request("PUT",
				"/_matrix/client/v3/presence/" + MatrixTestClient.encode(user.userId()) + "/status", user, body);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
	}

	private static @Nullable JsonNode presenceOf(Reply sync, String userId) {
		for (JsonNode event : sync.body().path("presence").path("events")) {
			if (userId.equals(event.path("sender").asString())) {
				return event.path("content");
			}
		}
		return null;
	}

}

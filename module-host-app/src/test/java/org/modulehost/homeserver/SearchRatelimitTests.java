package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /search} is rate limited per user by {@code homeserver.search.ratelimit.*}.
 */
@TestPropertySource(properties = { "homeserver.search.ratelimit.per-second=0.001",
		"homeserver.search.ratelimit.burst-count=2" })
class SearchRatelimitTests extends HomeserverTestSupport {

	@Test
	void searchesBeyondTheBurstAreRefusedPerUser() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		Map<String, Object> body = SearchTests.body(Map.of("search_term", "anything"));
		assertThat(alice.post("/_matrix/client/v3/search", body).status()).isEqualTo(200);
		assertThat(alice.post("/_matrix/client/v3/search", body).status()).isEqualTo(200);

		MatrixClient.Response refused = alice.post("/_matrix/client/v3/search", body);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(bob.post("/_matrix/client/v3/search", body).status()).isEqualTo(200);
	}

}

package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code homeserver.presence.enabled=false} the endpoints answer as Synapse's do with
 * presence off, and {@code /sync} has no presence section.
 */
@TestPropertySource(properties = "homeserver.presence.enabled=false")
class PresenceDisabledTests extends HomeserverTestSupport {

	@Test
	void everyoneReadsAsOfflineAndSettingIsAcceptedButIgnored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient stranger = client().register(MatrixClient.unique("stranger"));

		MatrixClient.Response put = PresenceSupport.set(alice, "online", "hello");
		MatrixClient.Response own = PresenceSupport.get(alice, alice.userId());
		MatrixClient.Response other = PresenceSupport.get(stranger, alice.userId());

		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(own.body()).isEqualTo(Map.of("presence", "offline"));
		assertThat(other.status()).as(other.toString()).isEqualTo(200);
		assertThat(other.body()).isEqualTo(Map.of("presence", "offline"));
	}

	@Test
	void settingAnotherUsersPresenceIsStillForbiddenAndAnUnparsableBodyStillRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));

		MatrixClient.Response other = mallory.put(PresenceSupport.path(alice.userId()), Map.of("presence", "online"));
		MatrixClient.Response missing = alice.put(PresenceSupport.path(alice.userId()), Map.of("status_msg", "x"));

		assertThat(other.status()).isEqualTo(403);
		assertThat(other.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void syncHasNoPresenceSection() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));

		MatrixClient.Response sync = alice.sync(null, 0);

		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.body()).doesNotContainKey("presence").containsKey("next_batch");
	}

}

package org.modulehost.homeserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushersTests extends HomeserverTestSupport {

	private static Map<String, Object> pusher(String pushkey) {
		Map<String, Object> pusher = new LinkedHashMap<>();
		pusher.put("kind", "http");
		pusher.put("app_id", "org.example.app");
		pusher.put("pushkey", pushkey);
		pusher.put("app_display_name", "Example");
		pusher.put("device_display_name", "Phone");
		pusher.put("lang", "en");
		pusher.put("data", Map.of("url", "https://push.example.org/_matrix/push/v1/notify"));
		return pusher;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> pushers(MatrixClient client) {
		MatrixClient.Response response = client.get("/_matrix/client/v3/pushers");
		assertThat(response.status()).isEqualTo(200);
		return (List<Map<String, Object>>) response.body().get("pushers");
	}

	@Test
	void aPusherIsStoredListedReplacedAndDeleted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(pushers(alice)).isEmpty();
		assertThat(alice.post("/_matrix/client/v3/pushers/set", pusher("key1")).status()).isEqualTo(200);
		Map<String, Object> renamed = pusher("key1");
		renamed.put("device_display_name", "Tablet");
		assertThat(alice.post("/_matrix/client/v3/pushers/set", renamed).status()).isEqualTo(200);
		assertThat(pushers(alice)).singleElement()
			.satisfies((pusher) -> assertThat(pusher).containsEntry("pushkey", "key1")
				.containsEntry("app_id", "org.example.app")
				.containsEntry("kind", "http")
				.containsEntry("device_display_name", "Tablet")
				.containsEntry("data", Map.of("url", "https://push.example.org/_matrix/push/v1/notify")));
		assertThat(pushers(bob)).isEmpty();
		Map<String, Object> delete = pusher("key1");
		delete.put("kind", null);
		assertThat(bob.post("/_matrix/client/v3/pushers/set", delete).status()).isEqualTo(200);
		assertThat(pushers(alice)).hasSize(1);
		assertThat(alice.post("/_matrix/client/v3/pushers/set", delete).status()).isEqualTo(200);
		assertThat(pushers(alice)).isEmpty();
	}

	@Test
	void anIncompleteOrBadPusherIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> noPushkey = pusher("k");
		noPushkey.remove("pushkey");
		MatrixClient.Response missing = alice.post("/_matrix/client/v3/pushers/set", noPushkey);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
		Map<String, Object> noUrl = pusher("k");
		noUrl.put("data", Map.of());
		MatrixClient.Response missingUrl = alice.post("/_matrix/client/v3/pushers/set", noUrl);
		assertThat(missingUrl.status()).isEqualTo(400);
		assertThat(missingUrl.errcode()).isEqualTo("M_MISSING_PARAM");
		Map<String, Object> badUrl = pusher("k");
		badUrl.put("data", Map.of("url", "https://push.example.org/elsewhere"));
		MatrixClient.Response wrongPath = alice.post("/_matrix/client/v3/pushers/set", badUrl);
		assertThat(wrongPath.status()).isEqualTo(400);
		assertThat(wrongPath.errcode()).isEqualTo("M_INVALID_PARAM");
		Map<String, Object> longAppId = pusher("k");
		longAppId.put("app_id", "a".repeat(65));
		MatrixClient.Response tooLong = alice.post("/_matrix/client/v3/pushers/set", longAppId);
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.errcode()).isEqualTo("M_INVALID_PARAM");
		Map<String, Object> strange = pusher("k");
		strange.put("kind", "pigeon");
		MatrixClient.Response badKind = alice.post("/_matrix/client/v3/pushers/set", strange);
		assertThat(badKind.status()).isEqualTo(400);
		assertThat(badKind.errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(client().anonymous().get("/_matrix/client/v3/pushers").status()).isEqualTo(401);
		MatrixClient.Response written = alice.put("/_matrix/client/v3/user/" + MatrixClient.encode(alice.userId())
				+ "/account_data/org.modulehost.pushers", Map.of("pushers", List.of("x")));
		assertThat(written.status()).isEqualTo(400);
		assertThat(written.errcode()).isEqualTo("M_BAD_JSON");
		assertThat(pushers(alice)).isEmpty();
	}

}

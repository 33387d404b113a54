package org.modulehost.homeserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /keys/upload} and {@code /keys/query}: a device publishes its signed keys, any local
 * user reads them, with the device's display name; one-time keys are counted; keys of another
 * user or device, a reused key ID and malformed requests are refused with a Matrix error.
 */
class KeysUploadQueryTests extends HomeserverTestSupport {

	@Test
	void uploadedDeviceKeysAreAnsweredVerbatimToAnotherUserWithTheDisplayName() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(alice.put("/_matrix/client/v3/devices/" + alice.deviceId(), Map.of("display_name", "Laptop"))
			.status()).isEqualTo(200);
		Map<String, Object> keys = TestKeys.deviceKeys(alice);
		MatrixClient.Response upload = alice.post(TestKeys.UPLOAD, Map.of("device_keys", keys));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
		assertThat(upload.map("one_time_key_counts")).containsEntry("signed_curve25519", 0);
		MatrixClient.Response query = bob.post(TestKeys.QUERY,
				Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(query.status()).as(query.toString()).isEqualTo(200);
		assertThat(query.map("failures")).isEmpty();
		Map<String, Object> answered = device(query, alice.userId(), alice.deviceId());
		Map<String, Object> expected = new LinkedHashMap<>(keys);
		expected.put("unsigned", Map.of("device_display_name", "Laptop"));
		assertThat(answered).isEqualTo(expected);
	}

	@Test
	void aQueryNamingDevicesAnswersOnlyThoseAndAnUnknownUserHasNone() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient phone = client().login(alice.userId(), "correct horse battery staple");
		TestKeys.uploadDeviceKeys(alice);
		TestKeys.uploadDeviceKeys(phone);
		String nobody = "@nobody-" + MatrixClient.unique("x") + ":localhost";
		MatrixClient.Response query = alice.post(TestKeys.QUERY,
				Map.of("device_keys", Map.of(alice.userId(), List.of(phone.deviceId()), nobody, List.of())));
		assertThat(query.status()).isEqualTo(200);
		assertThat(devices(query, alice.userId())).containsOnlyKeys(phone.deviceId());
		assertThat(devices(query, nobody)).isEmpty();
	}

	@Test
	void remoteUsersAreAnsweredAsFailuresOfTheirServer() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response query = alice.post(TestKeys.QUERY,
				Map.of("device_keys", Map.of("@bob:elsewhere.example", List.of())));
		assertThat(query.status()).isEqualTo(200);
		assertThat(query.map("failures")).containsKey("elsewhere.example");
		assertThat(query.map("device_keys")).doesNotContainKey("@bob:elsewhere.example");
	}

	@Test
	void oneTimeKeysAreCountedPerAlgorithmInTheAnswerAndInSync() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response upload = alice.post(TestKeys.UPLOAD,
				Map.of("one_time_keys", Map.of("signed_curve25519:AAAA", TestKeys.signedKey(alice, "k1"),
						"signed_curve25519:AAAB", TestKeys.signedKey(alice, "k2"), "curve25519:AAAC", "k3"),
						"fallback_keys", Map.of("signed_curve25519:FFFF", TestKeys.signedKey(alice, "f1"))));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
		assertThat(upload.map("one_time_key_counts")).containsEntry("signed_curve25519", 2)
			.containsEntry("curve25519", 1);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.map("device_one_time_keys_count")).containsEntry("signed_curve25519", 2);
		assertThat(sync.body().get("device_unused_fallback_key_types")).isEqualTo(List.of("signed_curve25519"));
	}

	@Test
	void syncAnswersZeroSignedCurveKeysAndNoFallbackKeyTypesBeforeAnyUpload() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.map("device_one_time_keys_count")).containsEntry("signed_curve25519", 0);
		assertThat(sync.body().get("device_unused_fallback_key_types")).isEqualTo(List.of());
	}

	@Test
	void theSameOneTimeKeyAgainIsAcceptedButAKeyIdReusedForAnotherKeyIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> first = Map.of("one_time_keys", Map.of("signed_curve25519:AAAA",
				TestKeys.signedKey(alice, "k1")));
		assertThat(alice.post(TestKeys.UPLOAD, first).status()).isEqualTo(200);
		MatrixClient.Response again = alice.post(TestKeys.UPLOAD, first);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.map("one_time_key_counts")).containsEntry("signed_curve25519", 1);
		MatrixClient.Response other = alice.post(TestKeys.UPLOAD,
				Map.of("one_time_keys", Map.of("signed_curve25519:AAAA", TestKeys.signedKey(alice, "other"))));
		assertThat(other.status()).isEqualTo(400);
		assertThat(other.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void deviceKeysOfAnotherUserOrAnotherDeviceAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		MatrixClient.Response otherUser = eve.post(TestKeys.UPLOAD,
				Map.of("device_keys", TestKeys.deviceKeys(alice.userId(), eve.deviceId(), "forged")));
		assertThat(otherUser.status()).isEqualTo(400);
		assertThat(otherUser.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response otherDevice = eve.post(TestKeys.UPLOAD,
				Map.of("device_keys", TestKeys.deviceKeys(eve.userId(), "SOMEOTHER", "forged")));
		assertThat(otherDevice.status()).isEqualTo(400);
		assertThat(otherDevice.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response query = eve.post(TestKeys.QUERY,
				Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(devices(query, alice.userId())).isEmpty();
	}

	@Test
	void malformedRequestsAreRefusedWithBadJsonOrInvalidParam() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertError(alice.post(TestKeys.UPLOAD, Map.of("device_keys", List.of())), "M_BAD_JSON");
		assertError(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", "nope")), "M_BAD_JSON");
		assertError(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", Map.of("nocolon", "k"))), "M_INVALID_PARAM");
		assertError(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", Map.of("curve25519:A", 5))), "M_BAD_JSON");
		Map<String, Object> badKeys = new LinkedHashMap<>(TestKeys.deviceKeys(alice));
		badKeys.put("keys", Map.of("curve25519:X", List.of()));
		assertError(alice.post(TestKeys.UPLOAD, Map.of("device_keys", badKeys)), "M_BAD_JSON");
		assertError(alice.post(TestKeys.QUERY, Map.of()), "M_BAD_JSON");
		assertError(alice.post(TestKeys.QUERY, Map.of("device_keys", Map.of(alice.userId(), "all"))), "M_BAD_JSON");
		assertError(alice.post(TestKeys.QUERY, Map.of("device_keys", Map.of("not-a-user", List.of()))),
				"M_INVALID_PARAM");
		assertError(alice.raw("POST", TestKeys.QUERY, "[1, 2]"), "M_BAD_JSON");
		assertError(alice.get("/_matrix/client/v3/keys/changes?from=nonsense"), "M_INVALID_PARAM");
		assertError(alice.get("/_matrix/client/v3/keys/changes"), "M_MISSING_PARAM");
	}

	@Test
	void overlongKeyIdsAreRefusedNotAServerError() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String longId = "k".repeat(300);
		assertError(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", Map.of("signed_curve25519:" + longId, "k"))),
				"M_INVALID_PARAM");
		assertError(alice.post(TestKeys.UPLOAD, Map.of("fallback_keys", Map.of(longId + ":A", "k"))),
				"M_INVALID_PARAM");
		MatrixClient.Response claim = alice.post(TestKeys.CLAIM,
				Map.of("one_time_keys", Map.of(alice.userId(), Map.of(longId, longId))));
		assertThat(claim.status()).isEqualTo(200);
		assertThat(claim.map("one_time_keys")).isEmpty();
	}

	@Test
	void everyKeysEndpointNeedsAnAccessToken() {
		MatrixClient anonymous = client();
		for (String path : List.of(TestKeys.UPLOAD, TestKeys.QUERY, TestKeys.CLAIM,
				"/_matrix/client/v3/keys/device_signing/upload", "/_matrix/client/v3/keys/signatures/upload")) {
			MatrixClient.Response response = anonymous.post(path, Map.of());
			assertThat(response.status()).as(path).isEqualTo(401);
			assertThat(response.errcode()).as(path).isEqualTo("M_MISSING_TOKEN");
		}
		MatrixClient.Response changes = anonymous.get("/_matrix/client/v3/keys/changes?from=s0");
		assertThat(changes.status()).isEqualTo(401);
		MatrixClient.Response toDevice = anonymous.put("/_matrix/client/v3/sendToDevice/m.test/t1",
				Map.of("messages", Map.of()));
		assertThat(toDevice.status()).isEqualTo(401);
		assertThat(toDevice.errcode()).isEqualTo("M_MISSING_TOKEN");
	}

	@Test
	void thereIsNoKeyBackup() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response version = alice.get("/_matrix/client/v3/room_keys/version");
		assertThat(version.status()).isEqualTo(404);
		assertThat(version.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(version.string("error")).isEqualTo("No backup found");
	}

	private static void assertError(MatrixClient.Response response, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errcode()).as(response.toString()).isEqualTo(errcode);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> devices(MatrixClient.Response query, String userId) {
		return (Map<String, Object>) query.map("device_keys").get(userId);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> device(MatrixClient.Response query, String userId, String deviceId) {
		Map<String, Object> devices = (Map<String, Object>) query.map("device_keys").get(userId);
		return (Map<String, Object>) devices.get(deviceId);
	}

}

package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-signing as clients bootstrap it: the first upload of the signing keys needs no
 * user-interactive authentication, a reset does (the password), uploading the same keys again
 * does not; others see the master and self-signing keys, only the owner the user-signing key;
 * uploaded signatures appear on the signed keys, and unknown keys are answered as failures.
 */
class CrossSigningTests extends HomeserverTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String SIGNING_UPLOAD = "/_matrix/client/v3/keys/device_signing/upload";

	private static final String SIGNATURES_UPLOAD = "/_matrix/client/v3/keys/signatures/upload";

	@Test
	void theFirstUploadNeedsNoAuthenticationButAResetNeedsThePassword() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> keys = signingKeys(alice, "one");
		MatrixClient.Response first = alice.post(SIGNING_UPLOAD, keys);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(alice.post(SIGNING_UPLOAD, keys).status()).isEqualTo(200);
		MatrixClient.Response reset = alice.post(SIGNING_UPLOAD, signingKeys(alice, "two"));
		assertThat(reset.status()).isEqualTo(401);
		assertThat(reset.body()).containsKeys("flows", "session");
		Map<String, Object> authed = new java.util.LinkedHashMap<>(signingKeys(alice, "two"));
		authed.put("auth", Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user",
				alice.userId()), "password", PASSWORD, "session", reset.string("session")));
		MatrixClient.Response done = alice.post(SIGNING_UPLOAD, authed);
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		MatrixClient.Response query = alice.post(TestKeys.QUERY, Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(query.map("master_keys").get(alice.userId())).isEqualTo(key(alice, "master", "two-master"));
	}

	@Test
	void othersSeeTheMasterAndSelfSigningKeysButOnlyTheOwnerTheUserSigningKey() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(alice.post(SIGNING_UPLOAD, signingKeys(alice, "k")).status()).isEqualTo(200);
		MatrixClient.Response byBob = bob.post(TestKeys.QUERY, Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(byBob.map("master_keys")).containsKey(alice.userId());
		assertThat(byBob.map("self_signing_keys")).containsKey(alice.userId());
		assertThat(byBob.map("user_signing_keys")).isEmpty();
		MatrixClient.Response byAlice = alice.post(TestKeys.QUERY,
				Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(byAlice.map("user_signing_keys")).containsKey(alice.userId());
	}

	@Test
	void malformedSigningKeysAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response otherUser = alice.post(SIGNING_UPLOAD,
				Map.of("master_key", Map.of("user_id", "@someone:localhost", "usage", List.of("master"), "keys",
						Map.of("ed25519:abc", "abc"))));
		assertThat(otherUser.status()).isEqualTo(400);
		assertThat(otherUser.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response noKeys = alice.post(SIGNING_UPLOAD,
				Map.of("master_key", Map.of("user_id", alice.userId(), "usage", List.of("master"))));
		assertThat(noKeys.status()).isEqualTo(400);
		assertThat(noKeys.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response notObject = alice.post(SIGNING_UPLOAD, Map.of("master_key", "abc"));
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(notObject.errcode()).isEqualTo("M_BAD_JSON");
	}

	@Test
	void signaturesAppearOnTheSignedKeysAndUnknownKeysAreFailures() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		TestKeys.uploadDeviceKeys(alice);
		assertThat(alice.post(SIGNING_UPLOAD, signingKeys(alice, "a")).status()).isEqualTo(200);
		assertThat(bob.post(SIGNING_UPLOAD, signingKeys(bob, "b")).status()).isEqualTo(200);
		Map<String, Object> signedDevice = new java.util.LinkedHashMap<>(TestKeys.deviceKeys(alice));
		signedDevice.put("signatures", Map.of(alice.userId(), Map.of("ed25519:a-self_signing", "ssk-signature")));
		MatrixClient.Response upload = alice.post(SIGNATURES_UPLOAD, Map.of(alice.userId(),
				Map.of(alice.deviceId(), signedDevice, "NOSUCHKEY", Map.of("signatures", Map.of()))));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
		assertThat(upload.map("failures")).containsOnlyKeys(alice.userId());
		Map<String, Object> bobMaster = new java.util.LinkedHashMap<>(key(bob, "master", "b-master"));
		bobMaster.put("signatures", Map.of(alice.userId(), Map.of("ed25519:a-user_signing", "usk-signature")));
		assertThat(alice.post(SIGNATURES_UPLOAD, Map.of(bob.userId(), Map.of("b-master", bobMaster))).map("failures"))
			.isEmpty();
		MatrixClient.Response byBob = bob.post(TestKeys.QUERY, Map.of("device_keys", Map.of(alice.userId(), List.of())));
		Map<String, Object> device = KeysUploadQueryTests.device(byBob, alice.userId(), alice.deviceId());
		assertThat(device.get("signatures")).isEqualTo(Map.of(alice.userId(), Map.of("ed25519:" + alice.deviceId(),
				"sig-of-identity-" + alice.deviceId(), "ed25519:a-self_signing", "ssk-signature")));
		MatrixClient.Response byAlice = alice.post(TestKeys.QUERY, Map.of("device_keys", Map.of(bob.userId(), List.of())));
		assertThat(byAlice.map("master_keys").get(bob.userId())).asString().contains("usk-signature");
	}

	static Map<String, Object> signingKeys(MatrixClient user, String name) {
		return Map.of("master_key", key(user, "master", name + "-master"), "self_signing_key",
				key(user, "self_signing", name + "-self_signing"), "user_signing_key",
				key(user, "user_signing", name + "-user_signing"));
	}

	static Map<String, Object> key(MatrixClient user, String usage, String publicKey) {
		return Map.of("user_id", user.userId(), "usage", List.of(usage), "keys",
				Map.of("ed25519:" + publicKey, publicKey));
	}

}

package org.modulehost.homeserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys as clients upload them, for the end-to-end encryption tests: the server stores them as
 * they are and never checks the cryptography, so the values only need the right shape.
 */
final class TestKeys {

	static final String UPLOAD = "/_matrix/client/v3/keys/upload";

	static final String QUERY = "/_matrix/client/v3/keys/query";

	static final String CLAIM = "/_matrix/client/v3/keys/claim";

	private TestKeys() {
	}

	/** The signed identity keys of a client's device. */
	static Map<String, Object> deviceKeys(MatrixClient client) {
		return deviceKeys(client.userId(), client.deviceId(), "identity-" + client.deviceId());
	}

	static Map<String, Object> deviceKeys(String userId, String deviceId, String key) {
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("user_id", userId);
		keys.put("device_id", deviceId);
		keys.put("algorithms", List.of("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"));
		keys.put("keys", Map.of("curve25519:" + deviceId, key + "-curve", "ed25519:" + deviceId, key + "-ed"));
		keys.put("signatures", Map.of(userId, Map.of("ed25519:" + deviceId, "sig-of-" + key)));
		return keys;
	}

	/** A signed one-time key, as {@code signed_curve25519} keys are. */
	static Map<String, Object> signedKey(MatrixClient client, String key) {
		return Map.of("key", key, "signatures",
				Map.of(client.userId(), Map.of("ed25519:" + client.deviceId(), "sig-of-" + key)));
	}

	/** Uploads the device keys of a client's device. */
	static void uploadDeviceKeys(MatrixClient client) {
		MatrixClient.Response response = client.post(UPLOAD, Map.of("device_keys", deviceKeys(client)));
		if (response.status() != 200) {
			throw new AssertionError(response.toString());
		}
	}

}

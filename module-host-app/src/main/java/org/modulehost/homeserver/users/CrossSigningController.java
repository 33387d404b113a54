package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cross-signing, as clients bootstrap it: {@code POST /keys/device_signing/upload} stores the
 * user's master, self-signing and user-signing keys, the first time without user-interactive
 * authentication and later (a reset) with it (Synapse's MSC3967 behaviour; uploading the stored
 * keys again needs none); {@code POST /keys/signatures/upload} stores the requester's signatures
 * of their own devices and master key and of other users' master keys, and answers the keys it
 * does not know as {@code failures}. The keys' structure is checked; their signatures are
 * stored as uploaded, not verified.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class CrossSigningController {

	private static final String[] TYPES = { "master", "self_signing", "user_signing" };

	private final DeviceKeyStore keys;

	private final Notifier notifier;

	private final UserInteractiveAuth auth;

	CrossSigningController(UserInteractiveAuth auth, DeviceKeyStore keys, Notifier notifier) {
		this.keys = keys;
		this.notifier = notifier;
		this.auth = auth;
	}

	@PostMapping("/keys/device_signing/upload")
	ResponseEntity<Map<String, Object>> uploadSigningKeys(Requester requester,
			@JsonRequestBody(allowEmpty = true) JsonBody body) {
		String userId = requester.userId();
		Map<String, Map<String, Object>> uploaded = new LinkedHashMap<>();
		for (String type : TYPES) {
			Map<String, Object> key = body.object(type + "_key");
			if (key != null) {
				check(key, type, userId);
				uploaded.put(type, key);
			}
		}
		Map<String, Map<String, Object>> stored = this.keys.crossSigningKeys(userId);
		if (!uploaded.isEmpty() && uploaded.entrySet().stream()
			.allMatch((entry) -> entry.getValue().equals(stored.get(entry.getKey())))) {
			return ResponseEntity.ok(Map.of());
		}
		if (stored.containsKey("master")) {
			Map<String, Object> challenge = this.auth.check(requester, body, "POST /keys/device_signing/upload");
			if (challenge != null) {
				return ResponseEntity.status(401).body(challenge);
			}
		}
		if (!uploaded.containsKey("master") && !stored.containsKey("master") && !uploaded.isEmpty()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "No master key available");
		}
		if (!uploaded.isEmpty()) {
			this.notifier.notifyUsers(this.keys.setCrossSigningKeys(userId, uploaded));
		}
		return ResponseEntity.ok(Map.of());
	}

	private static void check(Map<String, Object> key, String type, String userId) {
		boolean valid = userId.equals(key.get("user_id")) && key.get("usage") instanceof List<?> usage
				&& usage.contains(type) && DeviceKeyStore.publicKeyOf(key) != null
				&& (key.get("signatures") == null || key.get("signatures") instanceof Map<?, ?>);
		if (!valid) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid " + type + " key");
		}
	}

	@PostMapping("/keys/signatures/upload")
	Map<String, Object> uploadSignatures(Requester requester, @JsonRequestBody JsonBody body) {
		String signer = requester.userId();
		Map<String, Object> failures = new LinkedHashMap<>();
		body.asMap().forEach((targetUser, objects) -> {
			if (!Identifiers.isValidUserId(targetUser) || !(objects instanceof Map<?, ?> byKey)) {
				throw new MatrixError(400, Codes.BAD_JSON, "Each user's signed keys must be a JSON object");
			}
			Map<String, Object> userFailures = new LinkedHashMap<>();
			List<DeviceKeyStore.Signature> signatures = new ArrayList<>();
			Map<String, Map<String, Object>> devices = targetUser.equals(signer) ? this.keys.deviceKeys(targetUser)
					: Map.of();
			Map<String, Object> master = this.keys.crossSigningKeys(targetUser).get("master");
			String masterKey = (master != null) ? DeviceKeyStore.publicKeyOf(master) : null;
			byKey.forEach((keyId, signed) -> {
				String target = String.valueOf(keyId);
				if (!devices.containsKey(target) && !target.equals(masterKey)) {
					userFailures.put(target, failure(404, Codes.NOT_FOUND, "Not a known key of " + targetUser));
					return;
				}
				List<DeviceKeyStore.Signature> own = signaturesBy(signer, target, signed);
				if (own.isEmpty()) {
					userFailures.put(target, failure(400, "M_INVALID_SIGNATURE", "No signature by " + signer));
					return;
				}
				signatures.addAll(own);
			});
			if (!signatures.isEmpty()) {
				this.notifier.notifyUsers(this.keys.addSignatures(targetUser, signatures));
			}
			if (!userFailures.isEmpty()) {
				failures.put(targetUser, userFailures);
			}
		});
		return Map.of("failures", failures);
	}

	private static List<DeviceKeyStore.Signature> signaturesBy(String signer, String target, @Nullable Object signed) {
		List<DeviceKeyStore.Signature> signatures = new ArrayList<>();
		if (signed instanceof Map<?, ?> object && object.get("signatures") instanceof Map<?, ?> byUser
				&& byUser.get(signer) instanceof Map<?, ?> byKey) {
			byKey.forEach((signerKey, signature) -> {
				if (signerKey instanceof String signerKeyId && signature instanceof String value
						&& signerKeyId.length() <= 255 && value.length() <= 1024) {
					signatures.add(new DeviceKeyStore.Signature(target, signer, signerKeyId, value));
				}
			});
		}
		return signatures;
	}

	private static Map<String, Object> failure(int status, String errcode, String message) {
		return Map.of("status", status, "errcode", errcode, "message", message);
	}

}

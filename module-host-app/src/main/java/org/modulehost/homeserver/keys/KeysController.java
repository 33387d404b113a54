package org.modulehost.homeserver.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.rooms.StreamTokens;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.storage.DeviceKeyStore.OneTimeKey;
import org.modulehost.homeserver.storage.DeviceListStore;
import org.modulehost.homeserver.storage.DeviceRecord;
import org.modulehost.homeserver.storage.DeviceStream;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys API, as Synapse's {@code E2eKeysHandler}: {@code POST /keys/upload} stores the
 * requester's device keys (which must name the requester and their device), one-time keys and
 * fallback keys; {@code POST /keys/query} answers any local user's device keys and cross-signing
 * keys; {@code POST /keys/claim} hands out one key per device; {@code GET /keys/changes} lists
 * the device-list changes between two sync tokens. Remote users are answered as failures of
 * their server: this server does not federate.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class KeysController {

	/** The algorithm whose count Synapse always answers, 0 when there is none. */
	static final String SIGNED_CURVE25519 = "signed_curve25519";

	private final DeviceKeyStore keys;

	private final DeviceListStore lists;

	private final DeviceStream stream;

	private final AccountStore accounts;

	private final Notifier notifier;

	private final String serverName;

	private final int maxEntries;

	private final int maxOneTimeKeys;

	/** Claimed keys by outcome: a one-time key, the fallback key, or none. */
	private final Map<String, Counter> claims = new LinkedHashMap<>();

	KeysController(DeviceKeyStore keys, DeviceListStore lists, DeviceStream stream, AccountStore accounts,
			Notifier notifier, HomeserverProperties properties, MeterRegistry meters) {
		this.keys = keys;
		this.lists = lists;
		this.stream = stream;
		this.accounts = accounts;
		this.notifier = notifier;
		this.serverName = properties.getServerName();
		this.maxEntries = properties.getE2ee().getMaxKeysRequestEntries();
		this.maxOneTimeKeys = properties.getE2ee().getMaxOneTimeKeysPerDevice();
		for (String outcome : new String[] { "one_time", "fallback", "none" }) {
			this.claims.put(outcome, Counter.builder("homeserver.e2ee.keys.claimed")
				.description("Keys requested from /keys/claim, by what was handed out")
				.tag("outcome", outcome)
				.register(meters));
		}
	}

	@PostMapping("/keys/upload")
	Map<String, Object> upload(Requester requester, @JsonRequestBody JsonBody body) {
		String deviceId = requester.deviceId();
		if (deviceId == null) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "To upload keys, you must pass device_id when authenticating");
		}
		Map<String, Object> deviceKeys = body.object("device_keys");
		if (deviceKeys != null && !deviceKeys.isEmpty()) {
			checkDeviceKeys(deviceKeys, requester.userId(), deviceId);
		}
		List<OneTimeKey> oneTimeKeys = oneTimeKeys(body.object("one_time_keys"), "one_time_keys");
		Map<String, Object> fallback = body.has("fallback_keys") ? body.object("fallback_keys")
				: body.object("org.matrix.msc2732.fallback_keys");
		List<OneTimeKey> fallbackKeys = oneTimeKeys(fallback, "fallback_keys");
		if (deviceKeys != null && !deviceKeys.isEmpty()) {
			this.notifier.notifyUsers(this.keys.setDeviceKeys(requester.userId(), deviceId, deviceKeys));
		}
		if (!oneTimeKeys.isEmpty()) {
			switch (this.keys.addOneTimeKeys(requester.userId(), deviceId, oneTimeKeys, this.maxOneTimeKeys)) {
				// As Synapse: a key ID may not be reused for another key.
				case CONFLICT -> throw new MatrixError(400, Codes.UNKNOWN,
						"One time key already exists with another key");
				case TOO_MANY -> throw new MatrixError(400, Codes.INVALID_PARAM,
						"Too many one-time keys: at most " + this.maxOneTimeKeys + " per device");
				case ADDED -> {
				}
			}
		}
		if (!fallbackKeys.isEmpty()) {
			this.keys.setFallbackKeys(requester.userId(), deviceId, fallbackKeys);
		}
		return Map.of("one_time_key_counts", counts(requester.userId(), deviceId));
	}

	private Map<String, Integer> counts(String userId, String deviceId) {
		Map<String, Integer> counts = new LinkedHashMap<>(this.keys.oneTimeKeyCounts(userId, deviceId));
		counts.putIfAbsent(SIGNED_CURVE25519, 0);
		return counts;
	}

	private static void checkDeviceKeys(Map<String, Object> deviceKeys, String userId, String deviceId) {
		JsonBody keys = JsonBody.of(deviceKeys);
		if (!userId.equals(keys.string("user_id"))) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Provided 'user_id' in 'device_keys' does not match that of the authenticated user");
		}
		if (!deviceId.equals(keys.string("device_id"))) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Provided 'device_id' in 'device_keys' does not match that of the authenticated device");
		}
		List<Object> algorithms = keys.list("algorithms");
		if (algorithms == null || !algorithms.stream().allMatch(String.class::isInstance)) {
			throw new MatrixError(400, Codes.BAD_JSON, "'device_keys.algorithms' must be a list of strings");
		}
		Map<String, Object> published = keys.requireObject("keys");
		if (!published.values().stream().allMatch(String.class::isInstance)) {
			throw new MatrixError(400, Codes.BAD_JSON, "'device_keys.keys' values must be strings");
		}
		KeysRequests.objects(keys.requireObject("signatures"), "device_keys.signatures");
	}

	private static List<OneTimeKey> oneTimeKeys(@Nullable Map<String, Object> keys, String field) {
		List<OneTimeKey> parsed = new ArrayList<>();
		if (keys == null) {
			return parsed;
		}
		keys.forEach((id, key) -> {
			int colon = id.indexOf(':');
			if (colon <= 0 || colon == id.length() - 1) {
				throw new MatrixError(400, Codes.INVALID_PARAM,
						"'" + field + "' keys must be <algorithm>:<key_id>, not " + id);
			}
			if (colon > KeysRequests.MAX_ID_LENGTH || id.length() - colon - 1 > KeysRequests.MAX_ID_LENGTH) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "'" + field + "' algorithm or key ID too long: at most "
						+ KeysRequests.MAX_ID_LENGTH + " characters each");
			}
			if (!(key instanceof String) && !(key instanceof Map<?, ?>)) {
				throw new MatrixError(400, Codes.BAD_JSON, "'" + field + "' values must be strings or objects");
			}
			parsed.add(new OneTimeKey(id.substring(0, colon), id.substring(colon + 1), key));
		});
		return parsed;
	}

	@PostMapping("/keys/query")
	Map<String, Object> query(Requester requester, @JsonRequestBody JsonBody body) {
		Map<String, List<String>> query = query(body);
		Map<String, Object> deviceKeys = new LinkedHashMap<>();
		Map<String, Object> failures = new LinkedHashMap<>();
		Map<String, Object> masterKeys = new LinkedHashMap<>();
		Map<String, Object> selfSigningKeys = new LinkedHashMap<>();
		Map<String, Object> userSigningKeys = new LinkedHashMap<>();
		query.forEach((userId, deviceIds) -> {
			if (!Identifiers.serverOf(userId).equals(this.serverName)) {
				failures.put(Identifiers.serverOf(userId), KeysRequests.remoteFailure());
				return;
			}
			Signatures signatures = new Signatures(userId, requester.userId(), this.keys.signaturesOf(userId));
			Map<String, String> names = new LinkedHashMap<>();
			for (DeviceRecord device : this.accounts.devices(userId)) {
				names.put(device.deviceId(), device.displayName());
			}
			Map<String, Object> devices = new LinkedHashMap<>();
			this.keys.deviceKeys(userId).forEach((deviceId, stored) -> {
				if ((deviceIds.isEmpty() || deviceIds.contains(deviceId)) && names.containsKey(deviceId)) {
					Map<String, Object> answer = signatures.merge(deviceId, stored);
					Map<String, Object> unsigned = new LinkedHashMap<>();
					if (names.get(deviceId) != null) {
						unsigned.put("device_display_name", names.get(deviceId));
					}
					answer.put("unsigned", unsigned);
					devices.put(deviceId, answer);
				}
			});
			deviceKeys.put(userId, devices);
			Map<String, Map<String, Object>> crossSigning = this.keys.crossSigningKeys(userId);
			Optional.ofNullable(crossSigning.get("master"))
				.ifPresent((key) -> masterKeys.put(userId, signatures.merge(DeviceKeyStore.publicKeyOf(key), key)));
			Optional.ofNullable(crossSigning.get("self_signing"))
				.ifPresent((key) -> selfSigningKeys.put(userId, key));
			if (userId.equals(requester.userId())) {
				Optional.ofNullable(crossSigning.get("user_signing"))
					.ifPresent((key) -> userSigningKeys.put(userId, key));
			}
		});
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("device_keys", deviceKeys);
		answer.put("failures", failures);
		answer.put("master_keys", masterKeys);
		answer.put("self_signing_keys", selfSigningKeys);
		answer.put("user_signing_keys", userSigningKeys);
		return answer;
	}

	private Map<String, List<String>> query(JsonBody body) {
		Map<String, Object> requested = body.object("device_keys");
		if (requested == null) {
			throw new MatrixError(400, Codes.BAD_JSON, "'device_keys' must be a JSON object");
		}
		if (requested.size() > this.maxEntries) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Too many users: at most " + this.maxEntries + " per request");
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		requested.forEach((userId, devices) -> {
			List<String> deviceIds = new ArrayList<>();
			if (devices instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
				list.forEach((device) -> deviceIds.add((String) device));
			}
			else if (devices != null) {
				throw new MatrixError(400, Codes.BAD_JSON, "'device_keys' values must be lists of strings");
			}
			query.put(KeysRequests.userId(userId), deviceIds);
		});
		return query;
	}

	@PostMapping("/keys/claim")
	@SuppressWarnings("unchecked")
	Map<String, Object> claim(Requester requester, @JsonRequestBody JsonBody body) {
		Map<String, Map<String, Object>> requested = KeysRequests.objects(body.requireObject("one_time_keys"),
				"one_time_keys");
		int entries = requested.values().stream().mapToInt(Map::size).sum();
		if (entries > this.maxEntries) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Too many devices: at most " + this.maxEntries + " per request");
		}
		requested.forEach((userId, devices) -> {
			KeysRequests.userId(userId);
			devices.values().forEach((algorithm) -> {
				if (!(algorithm instanceof String)) {
					throw new MatrixError(400, Codes.BAD_JSON, "'one_time_keys' algorithms must be strings");
				}
			});
		});
		Map<String, Object> claimed = new LinkedHashMap<>();
		Map<String, Object> failures = new LinkedHashMap<>();
		requested.forEach((userId, devices) -> {
			if (!Identifiers.serverOf(userId).equals(this.serverName)) {
				failures.put(Identifiers.serverOf(userId), KeysRequests.remoteFailure());
				return;
			}
			devices.forEach((deviceId, algorithm) -> {
				// No key has an ID or algorithm that long.
				Optional<DeviceKeyStore.ClaimedKey> key = (deviceId.length() > KeysRequests.MAX_ID_LENGTH
						|| ((String) algorithm).length() > KeysRequests.MAX_ID_LENGTH) ? Optional.empty()
								: this.keys.claim(userId, deviceId, (String) algorithm);
				this.claims.get(key.map((found) -> found.fallback() ? "fallback" : "one_time").orElse("none"))
					.increment();
				key.ifPresent((found) -> ((Map<String, Object>) claimed.computeIfAbsent(userId,
						(ignored) -> new LinkedHashMap<String, Object>()))
					.put(deviceId, Map.of(found.keyId(), found.key())));
			});
		});
		return Map.of("one_time_keys", claimed, "failures", failures);
	}

	@GetMapping("/keys/changes")
	Map<String, Object> changes(Requester requester, @RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		if (from == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing string query parameter: from");
		}
		long fromMain = StreamTokens.position(from);
		long fromDevices = StreamTokens.devicesPosition(from);
		long toDevices = (to != null && !to.isEmpty()) ? StreamTokens.devicesPosition(to) : this.stream.currentPosition();
		DeviceListStore.Delta delta = this.lists.delta(requester.userId(), fromMain, fromDevices, toDevices);
		return Map.of("changed", delta.changed(), "left", delta.left());
	}

	/**
	 * The uploaded signatures of one user's keys that a requester sees, as Synapse: those the
	 * user made, and those the requester made.
	 */
	static final class Signatures {

		private final Map<String, List<DeviceKeyStore.Signature>> byTarget = new LinkedHashMap<>();

		Signatures(String owner, String requester, List<DeviceKeyStore.Signature> signatures) {
			for (DeviceKeyStore.Signature signature : signatures) {
				if (signature.signerUserId().equals(owner) || signature.signerUserId().equals(requester)) {
					this.byTarget.computeIfAbsent(signature.targetKeyId(), (key) -> new ArrayList<>()).add(signature);
				}
			}
		}

		/** Copies a key with its uploaded signatures added to its own. */
		@SuppressWarnings("unchecked")
		Map<String, Object> merge(@Nullable String targetKeyId, Map<String, Object> key) {
			Map<String, Object> merged = new LinkedHashMap<>(key);
			List<DeviceKeyStore.Signature> added = (targetKeyId != null) ? this.byTarget.get(targetKeyId) : null;
			if (added == null) {
				return merged;
			}
			Map<String, Object> all = new LinkedHashMap<>();
			if (key.get("signatures") instanceof Map<?, ?> own) {
				own.forEach((user, byKey) -> all.put((String) user,
						(byKey instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map) : byKey));
			}
			for (DeviceKeyStore.Signature signature : added) {
				Object bySigner = all.computeIfAbsent(signature.signerUserId(), (user) -> new LinkedHashMap<>());
				if (bySigner instanceof Map<?, ?> map) {
					((Map<String, Object>) map).put(signature.signerKeyId(), signature.signature());
				}
			}
			merged.put("signatures", all);
			return merged;
		}

	}

}

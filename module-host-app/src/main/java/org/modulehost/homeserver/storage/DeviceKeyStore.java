package org.modulehost.homeserver.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * The end-to-end encryption keys clients publish, as they signed them: each device's identity
 * keys, its one-time keys and fallback keys, and each user's cross-signing keys and the
 * signatures uploaded for them. The server hands them out and never reads their secrets (it has
 * none). A change of identity or cross-signing keys is a device-list change
 * ({@link DeviceListStore}).
 *
 * <p>Claiming a one-time key is atomic: each key is handed out once, also when claims run
 * concurrently in this process or in several sharing the database.
 */
public final class DeviceKeyStore {

	private static final int WRITE_ATTEMPTS = 3;

	private final Database db;

	private final JsonCodec json;

	private final DeviceStream stream;

	private final DeviceListStore lists;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 * @param stream the devices stream
	 * @param lists the device-list changes
	 */
	public DeviceKeyStore(Database db, JsonCodec json, DeviceStream stream, DeviceListStore lists) {
		this.db = db;
		this.json = json;
		this.stream = stream;
		this.lists = lists;
	}

	/**
	 * Stores a device's identity keys, unless they are the stored ones.
	 * @param userId the user
	 * @param deviceId the device
	 * @param keys the signed keys, kept as they are
	 * @return the users to tell of the change (empty when nothing changed)
	 */
	public Set<String> setDeviceKeys(String userId, String deviceId, Map<String, Object> keys) {
		Optional<Map<String, Object>> stored = this.db.jdbc()
			.sql("SELECT key_json FROM hs_device_keys WHERE user_id = ? AND device_id = ?")
			.params(userId, deviceId)
			.query(String.class)
			.optional()
			.map(this.json::readObject);
		if (stored.isPresent() && stored.get().equals(keys)) {
			return Set.of();
		}
		String text = this.json.write(keys);
		return this.stream.write((jdbc, position) -> {
			jdbc.sql("DELETE FROM hs_device_keys WHERE user_id = ? AND device_id = ?").params(userId, deviceId).update();
			jdbc.sql("INSERT INTO hs_device_keys (user_id, device_id, key_json) VALUES (?, ?, ?)")
				.params(userId, deviceId, text)
				.update();
			return this.lists.record(jdbc, position, userId);
		});
	}

	/**
	 * Reads the identity keys of a user's devices that published them.
	 * @param userId the user
	 * @return the keys by device ID
	 */
	public Map<String, Map<String, Object>> deviceKeys(String userId) {
		Map<String, Map<String, Object>> keys = new TreeMap<>();
		this.db.jdbc()
			.sql("SELECT device_id, key_json FROM hs_device_keys WHERE user_id = ?")
			.param(userId)
			.query((rs, row) -> keys.put(rs.getString(1), this.json.readObject(rs.getString(2))))
			.list();
		return keys;
	}

	/**
	 * Adds one-time keys; a key ID that is stored with the same key is left as it is.
	 * @param userId the user
	 * @param deviceId the device
	 * @param keys the keys
	 * @param max the most unclaimed keys the device may have afterwards
	 * @return the outcome: nothing is added unless it is {@link OneTimeKeysAdded#ADDED}
	 */
	public OneTimeKeysAdded addOneTimeKeys(String userId, String deviceId, List<OneTimeKey> keys, int max) {
		return retryOnConflict(() -> this.db.transaction((jdbc) -> {
			List<OneTimeKey> added = new ArrayList<>();
			for (OneTimeKey key : keys) {
				Optional<Object> stored = jdbc
					.sql("SELECT key_json FROM hs_one_time_keys WHERE user_id = ? AND device_id = ? AND algorithm = ? "
							+ "AND key_id = ?")
					.params(userId, deviceId, key.algorithm(), key.keyId())
					.query(String.class)
					.optional()
					.map(this::readValue);
				if (stored.isEmpty()) {
					added.add(key);
				}
				else if (!stored.get().equals(key.key())) {
					return OneTimeKeysAdded.CONFLICT;
				}
			}
			long count = jdbc.sql("SELECT COUNT(*) FROM hs_one_time_keys WHERE user_id = ? AND device_id = ?")
				.params(userId, deviceId)
				.query(Long.class)
				.single();
			if (count + added.size() > max) {
				return OneTimeKeysAdded.TOO_MANY;
			}
			for (OneTimeKey key : added) {
				jdbc.sql("INSERT INTO hs_one_time_keys (user_id, device_id, algorithm, key_id, key_json) "
						+ "VALUES (?, ?, ?, ?, ?)")
					.params(userId, deviceId, key.algorithm(), key.keyId(), this.json.write(key.key()))
					.update();
			}
			return OneTimeKeysAdded.ADDED;
		}));
	}

	/**
	 * Runs a write again (at most {@value #WRITE_ATTEMPTS} times in all) when a concurrent
	 * upload of the same device stored a row it was about to insert: the next run sees that row.
	 */
	private static <T> T retryOnConflict(Supplier<T> write) {
		for (int attempt = 1;; attempt++) {
			try {
				return write.get();
			}
			catch (DuplicateKeyException ex) {
				if (attempt == WRITE_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Replaces a device's fallback key of each algorithm given; the same key again keeps its
	 * state, a new one is unused.
	 * @param userId the user
	 * @param deviceId the device
	 * @param keys the keys, at most one per algorithm
	 */
	public void setFallbackKeys(String userId, String deviceId, List<OneTimeKey> keys) {
		retryOnConflict(() -> this.db.transaction((jdbc) -> {
			for (OneTimeKey key : keys) {
				String text = this.json.write(key.key());
				boolean same = jdbc
					.sql("SELECT key_id, key_json FROM hs_fallback_keys WHERE user_id = ? AND device_id = ? "
							+ "AND algorithm = ?")
					.params(userId, deviceId, key.algorithm())
					.query((rs, row) -> rs.getString(1).equals(key.keyId())
							&& readValue(rs.getString(2)).equals(key.key()))
					.optional()
					.orElse(false);
				if (!same) {
					jdbc.sql("DELETE FROM hs_fallback_keys WHERE user_id = ? AND device_id = ? AND algorithm = ?")
						.params(userId, deviceId, key.algorithm())
						.update();
					jdbc.sql("INSERT INTO hs_fallback_keys (user_id, device_id, algorithm, key_id, key_json, used) "
							+ "VALUES (?, ?, ?, ?, ?, FALSE)")
						.params(userId, deviceId, key.algorithm(), key.keyId(), text)
						.update();
				}
			}
			return null;
		}));
	}

	/**
	 * Counts a device's unclaimed one-time keys per algorithm.
	 * @param userId the user
	 * @param deviceId the device
	 * @return the counts by algorithm
	 */
	public Map<String, Integer> oneTimeKeyCounts(String userId, String deviceId) {
		Map<String, Integer> counts = new TreeMap<>();
		this.db.jdbc()
			.sql("SELECT algorithm, COUNT(*) FROM hs_one_time_keys WHERE user_id = ? AND device_id = ? "
					+ "GROUP BY algorithm")
			.params(userId, deviceId)
			.query((rs, row) -> counts.put(rs.getString(1), rs.getInt(2)))
			.list();
		return counts;
	}

	/**
	 * Lists the algorithms of a device's fallback keys that were not handed out yet.
	 * @param userId the user
	 * @param deviceId the device
	 * @return the algorithms
	 */
	public List<String> unusedFallbackKeyTypes(String userId, String deviceId) {
		return this.db.jdbc()
			.sql("SELECT algorithm FROM hs_fallback_keys WHERE user_id = ? AND device_id = ? AND used = FALSE "
					+ "ORDER BY algorithm")
			.params(userId, deviceId)
			.query(String.class)
			.list();
	}

	/**
	 * Hands out one key of a device: an unclaimed one-time key, which is deleted, each to one
	 * claimer only; when none is left, the fallback key, marked used (and handed out again).
	 * @param userId the user
	 * @param deviceId the device
	 * @param algorithm the algorithm
	 * @return the key, or empty when the device has none of the algorithm
	 */
	public Optional<ClaimedKey> claim(String userId, String deviceId, String algorithm) {
		while (true) {
			Optional<ClaimedKey> candidate = this.db.jdbc()
				.sql("SELECT key_id, key_json FROM hs_one_time_keys WHERE user_id = ? AND device_id = ? "
						+ "AND algorithm = ? ORDER BY key_id LIMIT 1")
				.params(userId, deviceId, algorithm)
				.query((rs, row) -> new ClaimedKey(algorithm + ":" + rs.getString(1), readValue(rs.getString(2)), false))
				.optional();
			if (candidate.isEmpty()) {
				break;
			}
			String keyId = candidate.get().keyId().substring(algorithm.length() + 1);
			// Only one claimer deletes the row: the others try the next key.
			int deleted = this.db.jdbc()
				.sql("DELETE FROM hs_one_time_keys WHERE user_id = ? AND device_id = ? AND algorithm = ? AND key_id = ?")
				.params(userId, deviceId, algorithm, keyId)
				.update();
			if (deleted == 1) {
				return candidate;
			}
		}
		Optional<ClaimedKey> fallback = this.db.jdbc()
			.sql("SELECT key_id, key_json FROM hs_fallback_keys WHERE user_id = ? AND device_id = ? AND algorithm = ?")
			.params(userId, deviceId, algorithm)
			.query((rs, row) -> new ClaimedKey(algorithm + ":" + rs.getString(1), readValue(rs.getString(2)), true))
			.optional();
		fallback.ifPresent((key) -> this.db.jdbc()
			.sql("UPDATE hs_fallback_keys SET used = TRUE WHERE user_id = ? AND device_id = ? AND algorithm = ?")
			.params(userId, deviceId, algorithm)
			.update());
		return fallback;
	}

	/**
	 * Reads a user's cross-signing keys.
	 * @param userId the user
	 * @return the keys by type ({@code master}, {@code self_signing}, {@code user_signing})
	 */
	public Map<String, Map<String, Object>> crossSigningKeys(String userId) {
		Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
		this.db.jdbc()
			.sql("SELECT key_type, key_json FROM hs_cross_signing_keys WHERE user_id = ?")
			.param(userId)
			.query((rs, row) -> keys.put(rs.getString(1), this.json.readObject(rs.getString(2))))
			.list();
		return keys;
	}

	/**
	 * Stores cross-signing keys of a user, replacing those of the same types.
	 * @param userId the user
	 * @param keys the keys by type
	 * @return the users to tell of the change
	 */
	public Set<String> setCrossSigningKeys(String userId, Map<String, Map<String, Object>> keys) {
		return this.stream.write((jdbc, position) -> {
			keys.forEach((type, key) -> {
				jdbc.sql("DELETE FROM hs_cross_signing_keys WHERE user_id = ? AND key_type = ?")
					.params(userId, type)
					.update();
				jdbc.sql("INSERT INTO hs_cross_signing_keys (user_id, key_type, key_json) VALUES (?, ?, ?)")
					.params(userId, type, this.json.write(key))
					.update();
			});
			return this.lists.record(jdbc, position, userId);
		});
	}

	/**
	 * Stores signatures of one user's keys.
	 * @param targetUserId the user whose keys were signed
	 * @param signatures the signatures
	 * @return the users to tell of the change
	 */
	public Set<String> addSignatures(String targetUserId, List<Signature> signatures) {
		return this.stream.write((jdbc, position) -> {
			for (Signature signature : signatures) {
				jdbc.sql("DELETE FROM hs_key_signatures WHERE target_user_id = ? AND target_key_id = ? "
						+ "AND signer_user_id = ? AND signer_key_id = ?")
					.params(targetUserId, signature.targetKeyId(), signature.signerUserId(), signature.signerKeyId())
					.update();
				jdbc.sql("INSERT INTO hs_key_signatures (target_user_id, target_key_id, signer_user_id, signer_key_id, "
						+ "signature) VALUES (?, ?, ?, ?, ?)")
					.params(targetUserId, signature.targetKeyId(), signature.signerUserId(), signature.signerKeyId(),
							signature.signature())
					.update();
			}
			return this.lists.record(jdbc, position, targetUserId);
		});
	}

	/**
	 * Lists the uploaded signatures of a user's keys.
	 * @param targetUserId the user whose keys were signed
	 * @return the signatures
	 */
	public List<Signature> signaturesOf(String targetUserId) {
		return this.db.jdbc()
			.sql("SELECT target_key_id, signer_user_id, signer_key_id, signature FROM hs_key_signatures "
					+ "WHERE target_user_id = ?")
			.param(targetUserId)
			.query((rs, row) -> new Signature(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	/**
	 * Deletes a device's keys, the signatures of them and its to-device inbox, when the device is
	 * deleted.
	 * @param userId the user
	 * @param deviceId the device
	 * @return the users to tell of the change
	 */
	public Set<String> deleteDevice(String userId, String deviceId) {
		return this.stream.write((jdbc, position) -> {
			for (String table : new String[] { "hs_device_keys", "hs_one_time_keys", "hs_fallback_keys" }) {
				jdbc.sql("DELETE FROM " + table + " WHERE user_id = ? AND device_id = ?")
					.params(userId, deviceId)
					.update();
			}
			jdbc.sql("DELETE FROM hs_key_signatures WHERE target_user_id = ? AND target_key_id = ?")
				.params(userId, deviceId)
				.update();
			jdbc.sql("DELETE FROM hs_device_inbox WHERE user_id = ? AND device_id = ?")
				.params(userId, deviceId)
				.update();
			return this.lists.record(jdbc, position, userId);
		});
	}

	/**
	 * Reads the public key of a cross-signing key: the one entry of its {@code keys}, an
	 * {@code ed25519:<public key>} ID.
	 * @param key the cross-signing key
	 * @return the public key, or {@code null} when there is not exactly one
	 */
	public static @Nullable String publicKeyOf(Map<String, Object> key) {
		if (key.get("keys") instanceof Map<?, ?> keys && keys.size() == 1
				&& keys.keySet().iterator().next() instanceof String id && id.startsWith("ed25519:")) {
			return id.substring("ed25519:".length());
		}
		return null;
	}

	private Object readValue(String text) {
		return this.json.readValue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * A one-time or fallback key as uploaded.
	 *
	 * @param algorithm the algorithm, e.g. {@code signed_curve25519}
	 * @param keyId the key ID, without the algorithm
	 * @param key the key: a string or a signed object
	 */
	public record OneTimeKey(String algorithm, String keyId, Object key) {

	}

	/**
	 * The outcome of {@link #addOneTimeKeys}.
	 */
	public enum OneTimeKeysAdded {

		/** The keys are stored. */
		ADDED,

		/** A key ID is stored with another key: nothing was added. */
		CONFLICT,

		/** The device would have more keys than allowed: nothing was added. */
		TOO_MANY

	}

	/**
	 * A key handed out by {@link #claim}.
	 *
	 * @param keyId {@code algorithm:key_id}
	 * @param key the key as uploaded
	 * @param fallback whether it is the fallback key (no one-time key was left)
	 */
	public record ClaimedKey(String keyId, Object key, boolean fallback) {

	}

	/**
	 * One signature of a key.
	 *
	 * @param targetKeyId the signed key: a device ID or a cross-signing key's public key
	 * @param signerUserId the signing user
	 * @param signerKeyId the signing key, e.g. {@code ed25519:<public key>}
	 * @param signature the signature
	 */
	public record Signature(String targetKeyId, String signerUserId, String signerKeyId, String signature) {

	}

}

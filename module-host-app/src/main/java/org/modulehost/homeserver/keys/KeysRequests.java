package org.modulehost.homeserver.keys;

import java.util.LinkedHashMap;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.support.Identifiers;

/**
 * Reading the maps the keys API and {@code /sendToDevice} receive: every level is checked for
 * its JSON type, so a malformed request is a 400, never a server error.
 */
final class KeysRequests {

	/** The longest device ID, algorithm or key ID the database keeps. */
	static final int MAX_ID_LENGTH = 255;

	/** The longest event type of a to-device message (the transaction's scope holds it). */
	static final int MAX_EVENT_TYPE_LENGTH = 255;

	private KeysRequests() {
	}

	/**
	 * Reads a JSON object's entries whose values must be objects.
	 * @param map the object
	 * @param what the field, for the error
	 * @return the entries
	 * @throws MatrixError 400 {@code M_BAD_JSON} when a value is not an object
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> objects(Map<String, Object> map, String what) {
		Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (!(value instanceof Map<?, ?> object)) {
				throw new MatrixError(400, Codes.BAD_JSON, "'" + what + "' values must be JSON objects");
			}
			objects.put(key, (Map<String, Object>) object);
		});
		return objects;
	}

	/**
	 * Checks a user ID given as a key of a request's map.
	 * @param userId the user ID
	 * @return the user ID
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} when it is not a user ID
	 */
	static String userId(String userId) {
		if (!Identifiers.isValidUserId(userId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid user ID: " + userId);
		}
		return userId;
	}

	/**
	 * The failure of a remote server, which this server does not ask (it does not federate).
	 * @return the failure
	 */
	static Map<String, Object> remoteFailure() {
		return Map.of("status", 503, "message", "This server does not federate");
	}

}

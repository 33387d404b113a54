package org.modulehost.homeserver.users;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /user/{userId}/account_data/{type}} and the per-room form
 * {@code /user/{userId}/rooms/{roomId}/account_data/{type}}. An item larger than
 * {@code homeserver.limits.max-account-data-size} (as JSON) is refused with 413
 * {@code M_TOO_LARGE}.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/user/{userId}")
final class AccountDataController {

	private final Authenticator authenticator;

	private final AccountData accountData;

	private final JsonCodec json;

	private final long maxBytes;

	AccountDataController(Authenticator authenticator, AccountData accountData, JsonCodec json,
			HomeserverProperties properties) {
		this.authenticator = authenticator;
		this.accountData = accountData;
		this.json = json;
		this.maxBytes = properties.getLimits().getMaxAccountDataSize().toBytes();
		if (this.maxBytes <= 0) {
			throw new InvalidSettingException("homeserver.limits.max-account-data-size",
					"must be positive (it is " + properties.getLimits().getMaxAccountDataSize() + ")",
					"set it to a size such as 256KB, or leave it out");
		}
	}

	@GetMapping("/account_data/{type}")
	Map<String, Object> global(@PathVariable String userId, @PathVariable String type, HttpServletRequest request) {
		return get(userId, null, type, request);
	}

	@PutMapping("/account_data/{type}")
	Map<String, Object> putGlobal(@PathVariable String userId, @PathVariable String type,
			@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		return put(userId, null, type, body, request);
	}

	@GetMapping("/rooms/{roomId}/account_data/{type}")
	Map<String, Object> room(@PathVariable String userId, @PathVariable String roomId, @PathVariable String type,
			HttpServletRequest request) {
		validRoom(roomId);
		return get(userId, roomId, type, request);
	}

	@PutMapping("/rooms/{roomId}/account_data/{type}")
	Map<String, Object> putRoom(@PathVariable String userId, @PathVariable String roomId, @PathVariable String type,
			@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		validRoom(roomId);
		return put(userId, roomId, type, body, request);
	}

	private Map<String, Object> get(String userId, @Nullable String roomId, String type, HttpServletRequest request) {
		own(userId, request, "get");
		return this.accountData.get(userId, roomId, type)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Account data not found"));
	}

	private Map<String, Object> put(String userId, @Nullable String roomId, String type, byte @Nullable [] body,
			HttpServletRequest request) {
		own(userId, request, "add");
		if (roomId == null && ("m.push_rules".equals(type) || PushRulesController.STATE_TYPE.equals(type)
				|| PushersController.STATE_TYPE.equals(type))) {
			// The push rules and pushers APIs keep these; written here they would bypass their checks.
			throw new MatrixError(400, Codes.BAD_JSON, "Cannot set " + type + " through this API");
		}
		JsonBody content = JsonBody.parse(body, this.json, false);
		int size = this.json.write(content.asMap()).getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxBytes) {
			throw new MatrixError(413, Codes.TOO_LARGE,
					"Account data too large: " + size + " bytes, the limit is " + this.maxBytes);
		}
		this.accountData.put(userId, roomId, type, content.asMap());
		return Map.of();
	}

	// Authenticated here, not by a Requester parameter: the room endpoints check the room id first.
	private void own(String userId, HttpServletRequest request, String verb) {
		Requester requester = this.authenticator.authenticate(request);
		if (!requester.userId().equals(userId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Cannot " + verb + " account data for other users.");
		}
	}

	private static void validRoom(String roomId) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, roomId + " is not a valid room ID");
		}
	}

}

package org.modulehost.homeserver.presence;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /presence/{userId}/status}, answered as Synapse answers them: only one's own
 * presence may be set; another user's may be read when sharing a room with them (an unknown
 * user is 404); with presence disabled every user reads as offline and a parsable request to
 * set it is accepted and ignored.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/presence/{userId}/status")
final class PresenceController {

	private final Presence presence;

	private final Accounts accounts;

	private final JsonCodec json;

	PresenceController(Presence presence, Accounts accounts, JsonCodec json) {
		this.presence = presence;
		this.accounts = accounts;
		this.json = json;
	}

	@GetMapping
	Map<String, Object> get(@PathVariable String userId, Requester requester) {
		validUserId(userId);
		if (!this.presence.isEnabled()) {
			return Map.of("presence", UserPresenceState.OFFLINE);
		}
		if (!requester.userId().equals(userId)) {
			if (!this.accounts.isMine(userId) || this.accounts.user(userId).isEmpty()) {
				throw new MatrixError(404, Codes.NOT_FOUND, "No such user: " + userId);
			}
			if (!this.presence.isVisible(userId, requester.userId())) {
				throw new MatrixError(403, Codes.FORBIDDEN, "You are not allowed to see their presence.");
			}
		}
		return this.presence.content(this.presence.state(userId));
	}

	@PutMapping
	Map<String, Object> put(@PathVariable String userId, @RequestBody(required = false) byte @Nullable [] body,
			Requester requester) {
		validUserId(userId);
		if (!requester.userId().equals(userId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Can only set your own presence state");
		}
		// Parsed here: the user is checked before the body.
		Map<String, Object> content = JsonBody.parse(body, this.json, false).asMap();
		if (!content.containsKey("presence")) {
			throw new MatrixError(400, Codes.UNKNOWN, "Unable to parse state");
		}
		Object state = content.remove("presence");
		String statusMsg = null;
		if (content.containsKey("status_msg")) {
			if (!(content.remove("status_msg") instanceof String text)) {
				throw new MatrixError(400, Codes.UNKNOWN, "status_msg must be a string.");
			}
			statusMsg = text;
		}
		if (!content.isEmpty()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Unable to parse state");
		}
		if (!this.presence.isEnabled()) {
			// As Synapse: with presence off the state is not looked at, only parsed.
			return Map.of();
		}
		if (!(state instanceof String presenceState) || !UserPresenceState.isValid(presenceState)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Invalid presence state");
		}
		if (statusMsg != null && statusMsg.codePointCount(0, statusMsg.length()) > this.presence.maxStatusMsgLength()) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"status_msg is too long (max " + this.presence.maxStatusMsgLength() + " characters)");
		}
		this.presence.set(userId, presenceState, statusMsg);
		return Map.of();
	}

	private static void validUserId(String userId) {
		if (!Identifiers.isValidUserId(userId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid user id: " + userId);
		}
	}

}

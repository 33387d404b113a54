package org.modulehost.homeserver.receipts;

import java.time.Duration;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /rooms/{roomId}/typing/{userId}}, as Synapse's: a user sets only their own typing
 * state (403 {@code M_FORBIDDEN} otherwise) in a room they are joined to (403
 * {@code M_FORBIDDEN}); {@code typing} is required, {@code timeout} (default 30 s) is capped at
 * {@code homeserver.typing.max-timeout}; requests are rate-limited per user
 * ({@code homeserver.typing.ratelimit}); a shadow-banned user's request is answered and
 * ignored.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class TypingController {

	/** Synapse's default when a request names no timeout. */
	static final long DEFAULT_TIMEOUT_MS = 30_000;

	private final TypingNotifications typing;

	private final RoomStateCache states;

	private final Accounts accounts;

	private final Ratelimiter ratelimiter;

	private final Duration maxTimeout;

	TypingController(TypingNotifications typing, RoomStateCache states, Accounts accounts, Ratelimiter ratelimiter,
			Duration maxTimeout) {
		this.typing = typing;
		this.states = states;
		this.accounts = accounts;
		this.ratelimiter = ratelimiter;
		this.maxTimeout = maxTimeout;
	}

	@PutMapping("/rooms/{roomId}/typing/{userId}")
	Map<String, Object> typing(@PathVariable String roomId, @PathVariable String userId, Requester requester,
			@JsonRequestBody JsonBody body) {
		if (!body.has("typing")) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing 'typing'");
		}
		boolean typing = body.bool("typing", false);
		Long timeout = body.integer("timeout");
		if (timeout != null && timeout < 0) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'timeout' must not be negative");
		}
		long timeoutMs = Math.min((timeout != null) ? timeout : DEFAULT_TIMEOUT_MS, this.maxTimeout.toMillis());
		if (!requester.userId().equals(userId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Cannot set another user's typing state");
		}
		Event member = this.states.currentState(roomId).get(new StateKey("m.room.member", userId));
		if (member == null || !"join".equals(member.content().get("membership"))) {
			throw new MatrixError(403, Codes.FORBIDDEN, "User " + userId + " not in room " + roomId);
		}
		this.ratelimiter.check(userId);
		if (this.accounts.isShadowBanned(userId)) {
			return Map.of();
		}
		this.typing.set(roomId, userId, typing, timeoutMs);
		return Map.of();
	}

}

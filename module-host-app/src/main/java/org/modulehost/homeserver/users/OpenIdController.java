package org.modulehost.homeserver.users;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.OpenIdTokenStore;
import org.modulehost.homeserver.support.Identifiers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenID tokens, with which a client proves its user's identity to a third party (an integration
 * manager), as Synapse: {@code POST /_matrix/client/v3/user/{userId}/openid/request_token} issues
 * one (only for oneself) valid for an hour, and the third party checks it with
 * {@code GET /_matrix/federation/v1/openid/userinfo?access_token=…}, which answers the user ID.
 */
@RestController
final class OpenIdController {

	/** How long a token is valid: Synapse's {@code openid_token_lifetime} default. */
	static final Duration LIFETIME = Duration.ofHours(1);

	private final OpenIdTokenStore tokens;

	private final Accounts accounts;

	private final Clock clock;

	OpenIdController(OpenIdTokenStore tokens, Accounts accounts, Clock clock) {
		this.tokens = tokens;
		this.accounts = accounts;
		this.clock = clock;
	}

	@PostMapping({ "/_matrix/client/v3/user/{userId}/openid/request_token",
			"/_matrix/client/r0/user/{userId}/openid/request_token" })
	Map<String, Object> requestToken(@PathVariable String userId, Requester requester) {
		if (!userId.equals(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Cannot request tokens for other users.");
		}
		String token = Identifiers.newSecret("oid_");
		long now = this.clock.millis();
		this.tokens.create(token, userId, now + LIFETIME.toMillis(), now);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("access_token", token);
		answer.put("token_type", "Bearer");
		answer.put("matrix_server_name", this.accounts.serverName());
		answer.put("expires_in", LIFETIME.toSeconds());
		return answer;
	}

	@GetMapping("/_matrix/federation/v1/openid/userinfo")
	Map<String, Object> userInfo(@RequestParam(name = "access_token", required = false) @Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new MatrixError(401, Codes.UNKNOWN_TOKEN, "Access Token required");
		}
		String userId = this.tokens.userFor(token, this.clock.millis())
			.orElseThrow(() -> new MatrixError(401, Codes.UNKNOWN_TOKEN, "Access Token unknown or expired"));
		return Map.of("sub", userId);
	}

}

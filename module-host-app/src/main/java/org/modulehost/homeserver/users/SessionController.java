package org.modulehost.homeserver.users;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.TokenRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /logout}, {@code /logout/all} and {@code /account/whoami}.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class SessionController {

	private final Authenticator authenticator;

	private final Accounts accounts;

	SessionController(Authenticator authenticator, Accounts accounts) {
		this.authenticator = authenticator;
		this.accounts = accounts;
	}

	@PostMapping("/logout")
	Map<String, Object> logout(HttpServletRequest request) {
		TokenRecord token = this.authenticator.token(request, true);
		this.accounts.logout(token);
		return Map.of();
	}

	@PostMapping("/logout/all")
	Map<String, Object> logoutAll(HttpServletRequest request) {
		TokenRecord token = this.authenticator.token(request, true);
		this.accounts.logoutAll(token);
		return Map.of();
	}

	@GetMapping("/account/whoami")
	Map<String, Object> whoami(Requester requester) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("user_id", requester.userId());
		answer.put("device_id", requester.deviceId());
		answer.put("is_guest", false);
		return answer;
	}

}

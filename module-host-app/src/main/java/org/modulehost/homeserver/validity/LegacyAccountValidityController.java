package org.modulehost.homeserver.validity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.LegacyRenewal;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Authenticator;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Synapse's legacy account-validity endpoints, each served by the one module that registered
 * its callback and answering 404 {@code M_UNRECOGNIZED} when none did: {@code send_mail}
 * ({@code onLegacySendMail}; authenticated, also for an expired account; rate-limited per user),
 * {@code renew} ({@code onLegacyRenew}; the link of a renewal e-mail, no access token; an HTML
 * page, as Synapse's {@code account_renewed.html}, {@code account_previously_renewed.html} and
 * {@code invalid_token.html}; rate-limited per client address), and the admin API
 * {@code account_validity/validity} ({@code onLegacyAdminRequest}; administrators only).
 */
@RestController
final class LegacyAccountValidityController {

	private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

	private final Authenticator authenticator;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Limits limits;

	LegacyAccountValidityController(Authenticator authenticator, Accounts accounts, Callbacks callbacks, Limits limits) {
		this.authenticator = authenticator;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.limits = limits;
	}

	@PostMapping("/_matrix/client/v1/account_validity/send_mail")
	Map<String, Object> sendMail(HttpServletRequest request) {
		requireRegistered("onLegacySendMail");
		String userId = this.authenticator.token(request, true).userId();
		this.limits.sendMail().check(userId);
		Await.callback(this.callbacks.accountValidity().onLegacySendMail(userId), "onLegacySendMail");
		return Map.of();
	}

	@GetMapping("/_matrix/client/v1/account_validity/renew")
	ResponseEntity<String> renew(@RequestParam(required = false) @Nullable String token, HttpServletRequest request) {
		requireRegistered("onLegacyRenew");
		if (token == null || token.isEmpty()) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing renewal token");
		}
		this.limits.renew().check(request.getRemoteAddr());
		LegacyRenewal renewal = Await.callback(this.callbacks.accountValidity().onLegacyRenew(token), "onLegacyRenew");
		if (renewal != null && renewal.tokenValid()) {
			return page(200, "Your account has been successfully renewed",
					"Your account has been successfully renewed. It is now valid until "
							+ date(renewal.expirationTs()) + ".");
		}
		if (renewal != null && renewal.tokenStale()) {
			return page(200, "Your account is already renewed",
					"Your account has already been renewed with this link. It is valid until "
							+ date(renewal.expirationTs()) + ".");
		}
		return page(404, "Invalid renewal token", "This renewal link is invalid: it was never issued or has expired.");
	}

	@PostMapping("/_synapse/admin/v1/account_validity/validity")
	Map<String, Object> validity(Requester requester, @JsonRequestBody JsonBody body) {
		if (!this.accounts.isAdmin(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You are not a server admin");
		}
		requireRegistered("onLegacyAdminRequest");
		Long expiration = Await.callback(
				this.callbacks.accountValidity().onLegacyAdminRequest(new LinkedHashMap<>(body.asMap())),
				"onLegacyAdminRequest");
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("expiration_ts", expiration);
		return answer;
	}

	private void requireRegistered(String callback) {
		if (!this.callbacks.has(AccountValidityCallbacks.class, callback)) {
			throw new MatrixError(404, Codes.UNRECOGNIZED, "Unrecognized request");
		}
	}

	private static String date(long timestamp) {
		return Instant.ofEpochMilli(timestamp).toString();
	}

	private static ResponseEntity<String> page(int status, String title, String text) {
		String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
				+ HtmlUtils.htmlEscape(title) + "</title></head>\n<body>\n<p>" + HtmlUtils.htmlEscape(text)
				+ "</p>\n</body>\n</html>\n";
		return ResponseEntity.status(status).contentType(HTML).body(html);
	}

	/**
	 * The rate limits of the legacy endpoints.
	 * @param sendMail renewal e-mails per user
	 * @param renew renewal links per client address
	 */
	record Limits(Ratelimiter sendMail, Ratelimiter renew) {
	}

}

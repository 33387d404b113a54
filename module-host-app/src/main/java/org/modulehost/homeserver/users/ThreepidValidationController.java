package org.modulehost.homeserver.users;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * E-mail validation as Synapse does it: the three {@code …/email/requestToken} endpoints
 * (registration, adding an address, password reset), the pages the mailed links open, and the
 * {@code msisdn} variants, answered as unsupported as on a Synapse without an SMS service.
 * Password reset never tells whether an address is known: for an unknown one the answer is a
 * made-up session ID and no e-mail, as Synapse with {@code request_token_inhibit_3pid_errors}.
 */
@RestController
final class ThreepidValidationController {

	private final Threepids threepids;

	private final EmailTemplates templates;

	private final HomeserverProperties properties;

	ThreepidValidationController(Threepids threepids, EmailTemplates templates, HomeserverProperties properties) {
		this.threepids = threepids;
		this.templates = templates;
		this.properties = properties;
	}

	/**
	 * A {@code requestToken} body: the client's secret, the canonical address, the send attempt
	 * and the next link.
	 */
	private record TokenRequest(String clientSecret, String address, long sendAttempt, @Nullable String nextLink) {

		static TokenRequest of(JsonBody body) {
			String clientSecret = body.requireString("client_secret");
			Threepids.requireClientSecret(clientSecret);
			String address = Threepids.canonicalEmail(body.requireString("email"));
			Long sendAttempt = body.integer("send_attempt");
			if (sendAttempt == null) {
				throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: send_attempt");
			}
			String nextLink = body.string("next_link");
			if (nextLink != null) {
				String scheme;
				try {
					scheme = URI.create(nextLink).getScheme();
				}
				catch (IllegalArgumentException ex) {
					scheme = null;
				}
				if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
					throw new MatrixError(400, Codes.INVALID_PARAM, "'next_link' must be an http or https URL");
				}
			}
			return new TokenRequest(clientSecret, address, sendAttempt, nextLink);
		}

	}

	@PostMapping({ "/_matrix/client/v3/register/email/requestToken", "/_matrix/client/r0/register/email/requestToken" })
	CompletionStage<Map<String, Object>> registrationToken(@JsonRequestBody JsonBody body, HttpServletRequest request) {
		if (!this.threepids.enabled() || !this.properties.getRegistration().isEnabled()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Email-based registration has been disabled on this server");
		}
		TokenRequest token = TokenRequest.of(body);
		this.threepids.ratelimit(token.address(), request.getRemoteAddr());
		this.threepids.requireAllowed(token.address(), true);
		if (this.threepids.userFor(token.address()).isPresent()) {
			throw new MatrixError(400, Threepids.THREEPID_IN_USE, "Email is already in use");
		}
		return sid(this.threepids.requestToken(Threepids.Purpose.REGISTRATION, token.clientSecret(), token.address(),
				token.sendAttempt(), token.nextLink(), request.getRemoteAddr()));
	}

	@PostMapping({ "/_matrix/client/v3/account/3pid/email/requestToken",
			"/_matrix/client/r0/account/3pid/email/requestToken" })
	CompletionStage<Map<String, Object>> addToken(@JsonRequestBody JsonBody body, HttpServletRequest request) {
		if (!this.threepids.enabled()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Adding an email to your account is disabled on this server");
		}
		TokenRequest token = TokenRequest.of(body);
		this.threepids.requireAllowed(token.address(), false);
		this.threepids.ratelimit(token.address(), request.getRemoteAddr());
		if (this.threepids.userFor(token.address()).isPresent()) {
			throw new MatrixError(400, Threepids.THREEPID_IN_USE, "Email is already in use");
		}
		return sid(this.threepids.requestToken(Threepids.Purpose.ADD, token.clientSecret(), token.address(),
				token.sendAttempt(), token.nextLink(), request.getRemoteAddr()));
	}

	@PostMapping({ "/_matrix/client/v3/account/password/email/requestToken",
			"/_matrix/client/r0/account/password/email/requestToken" })
	CompletionStage<Map<String, Object>> passwordToken(@JsonRequestBody JsonBody body, HttpServletRequest request) {
		if (!this.threepids.enabled()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Password reset by email is not supported on this server");
		}
		TokenRequest token = TokenRequest.of(body);
		this.threepids.ratelimit(token.address(), request.getRemoteAddr());
		if (this.threepids.userFor(token.address()).isEmpty()) {
			return sid(Threepids.fakeSid());
		}
		return sid(this.threepids.requestToken(Threepids.Purpose.PASSWORD, token.clientSecret(), token.address(),
				token.sendAttempt(), token.nextLink(), request.getRemoteAddr()));
	}

	private static CompletionStage<Map<String, Object>> sid(CompletionStage<String> sid) {
		return sid.thenApply((value) -> Map.of("sid", value));
	}

	@PostMapping({ "/_matrix/client/v3/register/msisdn/requestToken", "/_matrix/client/r0/register/msisdn/requestToken" })
	Map<String, Object> registrationMsisdn() {
		throw new MatrixError(400, Codes.UNKNOWN, "Registration by phone number is not supported on this homeserver");
	}

	@PostMapping({ "/_matrix/client/v3/account/3pid/msisdn/requestToken",
			"/_matrix/client/r0/account/3pid/msisdn/requestToken" })
	Map<String, Object> addMsisdn() {
		throw new MatrixError(400, Codes.UNKNOWN,
				"Adding phone numbers to user account is not supported by this homeserver");
	}

	@PostMapping({ "/_matrix/client/v3/account/password/msisdn/requestToken",
			"/_matrix/client/r0/account/password/msisdn/requestToken" })
	Map<String, Object> passwordMsisdn() {
		throw new MatrixError(400, Codes.UNKNOWN, "Password reset by phone number is not supported on this homeserver");
	}

	// ---- the links of the e-mails --------------------------------------------------------------

	@GetMapping("/_matrix/client/unstable/registration/email/submit_token")
	ResponseEntity<String> registrationLink(@RequestParam(required = false) @Nullable String token,
			@RequestParam(name = "client_secret", required = false) @Nullable String clientSecret,
			@RequestParam(required = false) @Nullable String sid) {
		return follow(Threepids.Purpose.REGISTRATION, "registration", token, clientSecret, sid);
	}

	@GetMapping("/_matrix/client/unstable/add_threepid/email/submit_token")
	ResponseEntity<String> addLink(@RequestParam(required = false) @Nullable String token,
			@RequestParam(name = "client_secret", required = false) @Nullable String clientSecret,
			@RequestParam(required = false) @Nullable String sid) {
		return follow(Threepids.Purpose.ADD, "add_threepid", token, clientSecret, sid);
	}

	private ResponseEntity<String> follow(Threepids.Purpose purpose, String page, @Nullable String token,
			@Nullable String clientSecret, @Nullable String sid) {
		try {
			ThreepidStore.Session session = this.threepids.submitToken(purpose, require(sid, "sid"),
					require(clientSecret, "client_secret"), require(token, "token"));
			if (session.nextLink() != null) {
				return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(session.nextLink())).build();
			}
			return page(HttpStatus.OK, page + "_success.html", Map.of());
		}
		catch (MatrixError ex) {
			return page(HttpStatus.BAD_REQUEST, page + "_failure.html", Map.of("failure_reason", ex.getMessage()));
		}
	}

	@GetMapping("/_synapse/client/password_reset/email/submit_token")
	ResponseEntity<String> passwordResetLink(@RequestParam(required = false) @Nullable String token,
			@RequestParam(name = "client_secret", required = false) @Nullable String clientSecret,
			@RequestParam(required = false) @Nullable String sid) {
		if (token == null || clientSecret == null || sid == null) {
			return page(HttpStatus.BAD_REQUEST, "password_reset_failure.html",
					Map.of("failure_reason", "This link is missing a parameter"));
		}
		// A confirmation page first, whose form validates: a mail scanner that follows links
		// does not validate the session by itself.
		return page(HttpStatus.OK, "password_reset_confirmation.html",
				Map.of("sid", sid, "token", token, "client_secret", clientSecret));
	}

	@PostMapping("/_synapse/client/password_reset/email/submit_token")
	ResponseEntity<String> passwordResetConfirm(@RequestBody(required = false) byte @Nullable [] body) {
		Map<String, String> form = form(body);
		try {
			ThreepidStore.Session session = this.threepids.submitToken(Threepids.Purpose.PASSWORD,
					require(form.get("sid"), "sid"), require(form.get("client_secret"), "client_secret"),
					require(form.get("token"), "token"));
			if (session.nextLink() != null) {
				return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(session.nextLink())).build();
			}
			return page(HttpStatus.OK, "password_reset_success.html", Map.of());
		}
		catch (MatrixError ex) {
			return page(HttpStatus.BAD_REQUEST, "password_reset_failure.html", Map.of("failure_reason", ex.getMessage()));
		}
	}

	private static String require(@Nullable String value, String name) {
		if (value == null || value.isEmpty()) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "This link is missing its " + name);
		}
		return value;
	}

	private static Map<String, String> form(byte @Nullable [] body) {
		Map<String, String> form = new HashMap<>();
		if (body == null) {
			return form;
		}
		for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private ResponseEntity<String> page(HttpStatus status, String template, Map<String, Object> variables) {
		Map<String, Object> all = new LinkedHashMap<>(variables);
		all.put("app_name", this.threepids.appName());
		all.put("server_name", this.properties.getServerName());
		return ResponseEntity.status(status)
			.contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
			.header("Cache-Control", "no-store")
			.body(this.templates.read(template).render(all));
	}


}

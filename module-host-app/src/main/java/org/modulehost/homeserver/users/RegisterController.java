package org.modulehost.homeserver.users;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.RegistrationBehaviour;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RegistrationStore;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.ClientRequests;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /_matrix/client/v3/register} with user-interactive authentication (one stage:
 * {@code m.login.dummy}, or, with e-mail enabled, {@code m.login.email.identity}, the only one with
 * {@code homeserver.registration.require-email}), and {@code GET /_matrix/client/v3/register/available}. An unfinished
 * registration costs no password hash and keeps no password: the password is hashed when the
 * registration completes, and a client that gave one earlier sends it again with the final
 * stage, as the client-server API has clients repeat the request. Sessions expire
 * {@code homeserver.registration.session-lifetime} after their last request.
 * Registrations are rate limited per client address ({@code rc_registration}), as Synapse does:
 * every request is refused once the address used its burst, and each account created counts.
 */
@RestController
final class RegisterController {

	private static final Log logger = LogFactory.getLog(RegisterController.class);

	private static final String DUMMY = "m.login.dummy";

	/**
	 * The most bytes of parameters (as JSON) an unfinished registration keeps: the request is
	 * unauthenticated, and what it leaves behind stays until the session expires.
	 */
	static final int MAX_SESSION_PARAMS_BYTES = 64 * 1024;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final JsonCodec json;

	private final HomeserverProperties properties;

	/** Sessions of the user-interactive authentication, with the parameters of their requests. */
	private final RegistrationStore sessions;

	private final Clock clock;

	private final Ratelimiter perAddress;

	private final Threepids threepids;

	RegisterController(Accounts accounts, Callbacks callbacks, JsonCodec json, HomeserverProperties properties,
			RegistrationStore sessions, Clock clock, Threepids threepids) {
		if (properties.getRegistration().isRequireEmail() && !threepids.enabled()) {
			throw new InvalidSettingException("homeserver.registration.require-email",
					"is true, but e-mail is off", "set homeserver.email.enabled: true (with spring.mail.host and "
							+ "homeserver.email.notif-from), or set homeserver.registration.require-email: false");
		}
		checkVerification(properties.getRegistration());
		this.threepids = threepids;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.json = json;
		this.properties = properties;
		this.sessions = sessions;
		this.clock = clock;
		Duration lifetime = properties.getRegistration().getSessionLifetime();
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new InvalidSettingException("homeserver.registration.session-lifetime",
					"must be positive (it is " + lifetime + ")", "set it to a duration such as 1h, or leave it out");
		}
		this.perAddress = Ratelimiter.fixed("rc_registration", properties.getRatelimit().getRegistration(), clock);
	}

	/**
	 * Refuses to start with open registration that verifies nothing unless the operator said so,
	 * as Synapse does without {@code enable_registration_without_verification}; warns when said.
	 */
	private static void checkVerification(HomeserverProperties.Registration registration) {
		if (!registration.isEnabled() || registration.isRequireEmail()) {
			return;
		}
		if (!registration.isAllowWithoutVerification()) {
			throw new InvalidSettingException("homeserver.registration.enabled",
					"is true, but registration has no verification stage (only m.login.dummy), so anyone who "
							+ "reaches this server could create any number of accounts",
					"set homeserver.registration.enabled: false (and create accounts with "
							+ "homeserver.registration.shared-secret), or, if you really want open registration, set "
							+ "homeserver.registration.allow-without-verification: true");
		}
		logger.warn("Open registration without verification (homeserver.registration.enabled and "
				+ "homeserver.registration.allow-without-verification are true): anyone who reaches this server "
				+ "can create accounts; rate limits and spam-checker modules are the only guard");
	}

	@GetMapping({ "/_matrix/client/v3/register/available", "/_matrix/client/r0/register/available" })
	Map<String, Object> available(@RequestParam String username, HttpServletRequest request) {
		if (!this.properties.getRegistration().isEnabled()) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Registration has been disabled");
		}
		this.perAddress.checkWithoutCounting(request.getRemoteAddr());
		this.accounts.checkAvailable(username);
		return Map.of("available", true);
	}

	@PostMapping({ "/_matrix/client/v3/register", "/_matrix/client/r0/register" })
	ResponseEntity<Map<String, Object>> register(@RequestBody(required = false) byte @Nullable [] body,
			@RequestParam(defaultValue = "user") String kind, HttpServletRequest request) {
		this.perAddress.checkWithoutCounting(request.getRemoteAddr());
		if ("guest".equals(kind)) {
			throw new MatrixError(403, Codes.GUEST_ACCESS_FORBIDDEN, "Guest access is disabled");
		}
		if (!"user".equals(kind)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Invalid kind: " + kind);
		}
		if (!this.properties.getRegistration().isEnabled()) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Registration has been disabled");
		}
		JsonBody submission = JsonBody.parse(body, this.json, false);
		Map<String, Object> auth = submission.object("auth");
		String session = (auth != null) ? JsonBody.of(auth).string("session") : null;
		RegistrationStore.Session earlier = (session != null) ? session(session) : null;
		Map<String, Object> params = params(submission, earlier);
		JsonBody merged = JsonBody.of(params);
		String username = merged.string("username");
		if (username != null) {
			this.accounts.checkAvailable(username);
		}
		String password = merged.string("password");
		if (password != null) {
			Accounts.requireHashablePassword(password);
		}
		String type = (auth != null) ? JsonBody.of(auth).string("type") : null;
		boolean dummy = DUMMY.equals(type) && !requireEmail();
		boolean email = PasswordController.EMAIL_IDENTITY.equals(type) && this.threepids.enabled();
		if (auth == null || (!dummy && !email)) {
			if (auth != null && auth.get("type") != null && !DUMMY.equals(type)
					&& !PasswordController.EMAIL_IDENTITY.equals(type)) {
				throw new MatrixError(400, Codes.UNRECOGNIZED, "Unrecognised authentication type " + auth.get("type"));
			}
			return ResponseEntity.status(401).body(flows(session, params, earlier));
		}
		ThreepidStore.Session validated = null;
		if (email) {
			validated = PasswordController.emailStage(JsonBody.of(auth), Threepids.Purpose.REGISTRATION,
					this.threepids);
			if (this.threepids.userFor(validated.address()).isPresent()) {
				throw new MatrixError(400, Threepids.THREEPID_IN_USE, "Email is already in use");
			}
		}
		if (password == null && earlier != null && earlier.passwordGiven()) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: password (the password is not kept "
					+ "between the stages of registration: send it again with the final stage)");
		}
		if (session != null) {
			this.sessions.deleteSession(session);
		}
		return ResponseEntity.ok(complete(merged, request, validated));
	}

	private boolean requireEmail() {
		return this.properties.getRegistration().isRequireEmail();
	}

	private RegistrationStore.Session session(String session) {
		long expired = this.clock.millis() - sessionLifetime().toMillis();
		return this.sessions.session(session, expired)
			.orElseThrow(() -> new MatrixError(400, Codes.UNKNOWN, "Unknown session ID: " + session));
	}

	private Map<String, Object> params(JsonBody submission, RegistrationStore.@Nullable Session earlier) {
		Map<String, Object> params = new LinkedHashMap<>();
		if (earlier != null) {
			params.putAll(earlier.params());
		}
		submission.asMap().forEach((key, value) -> {
			if (!"auth".equals(key)) {
				params.put(key, value);
			}
		});
		return params;
	}

	private Duration sessionLifetime() {
		return this.properties.getRegistration().getSessionLifetime();
	}

	/**
	 * Answers the flows, after keeping the session's parameters for its next request, which may
	 * reach another instance: without the password (not even hashed: an unauthenticated request
	 * does not get to spend a bcrypt), only whether one was given, and at most
	 * {@link #MAX_SESSION_PARAMS_BYTES} of the rest.
	 */
	private Map<String, Object> flows(@Nullable String session, Map<String, Object> params,
			RegistrationStore.@Nullable Session earlier) {
		String id = (session != null) ? session : Identifiers.newSecret("uia_");
		Map<String, Object> kept = new LinkedHashMap<>(params);
		boolean passwordGiven = kept.remove("password") != null || (earlier != null && earlier.passwordGiven());
		if (this.json.write(kept).getBytes(StandardCharsets.UTF_8).length > MAX_SESSION_PARAMS_BYTES) {
			throw new MatrixError(413, Codes.TOO_LARGE, "Registration parameters too large: an unfinished "
					+ "registration keeps at most " + MAX_SESSION_PARAMS_BYTES + " bytes of them");
		}
		long now = this.clock.millis();
		this.sessions.saveSession(id, kept, passwordGiven, now, now - sessionLifetime().toMillis());
		Map<String, Object> answer = new LinkedHashMap<>();
		List<Map<String, Object>> flows = new java.util.ArrayList<>();
		if (!requireEmail()) {
			flows.add(Map.of("stages", List.of(DUMMY)));
		}
		if (this.threepids.enabled()) {
			flows.add(Map.of("stages", List.of(PasswordController.EMAIL_IDENTITY)));
		}
		answer.put("flows", flows);
		answer.put("params", Map.of());
		answer.put("session", id);
		return answer;
	}

	private Map<String, Object> complete(JsonBody params, HttpServletRequest request,
			ThreepidStore.@Nullable Session email) {
		Map<String, Object> uiaResults = (email != null)
				? Map.of(PasswordController.EMAIL_IDENTITY,
						Map.of("medium", Threepids.EMAIL, "address", email.address(), "validated_at", email.validatedAt()))
				: Map.of(DUMMY, true);
		Map<String, Object> visible = new LinkedHashMap<>(params.asMap());
		visible.remove("password");
		String localpart = Await.callback(
				this.callbacks.passwordAuthProvider().getUsernameForRegistration(uiaResults, visible),
				"getUsernameForRegistration");
		if (localpart == null) {
			localpart = params.string("username");
		}
		if (localpart == null) {
			localpart = generatedLocalpart();
		}
		String displayName = Await.callback(
				this.callbacks.passwordAuthProvider().getDisplaynameForRegistration(uiaResults, visible),
				"getDisplaynameForRegistration");
		this.perAddress.check(request.getRemoteAddr());
		RegistrationBehaviour behaviour = Await.callback(this.callbacks.spamChecker()
			.checkRegistrationForSpam((email != null) ? email.address() : null, localpart,
					ClientRequests.clientInfo(request), null),
				"checkRegistrationForSpam");
		if (behaviour == RegistrationBehaviour.DENY) {
			throw new MatrixError(429, Codes.LIMIT_EXCEEDED, "Rate limited");
		}
		boolean shadowBanned = behaviour == RegistrationBehaviour.SHADOW_BAN;
		String password = params.string("password");
		if (email != null) {
			this.threepids.use(email);
		}
		String userId = this.accounts.register(localpart, password, displayName, false, shadowBanned);
		if (email != null) {
			this.threepids.add(userId, email.address(), email.validatedAt());
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("user_id", userId);
		answer.put("home_server", this.accounts.serverName());
		if (!params.bool("inhibit_login", false)) {
			LoginResponse login = this.accounts.issueToken(userId, params.string("device_id"),
					params.string("initial_device_display_name"));
			answer.put("access_token", login.accessToken());
			answer.put("device_id", login.deviceId());
		}
		return answer;
	}

	private String generatedLocalpart() {
		while (true) {
			String candidate = String.valueOf(ThreadLocalRandom.current().nextLong(100_000, 100_000_000));
			if (this.accounts.findIgnoringCase(this.accounts.qualify(candidate)).isEmpty()) {
				return candidate;
			}
		}
	}

}

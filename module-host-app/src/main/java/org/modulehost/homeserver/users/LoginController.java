package org.modulehost.homeserver.users;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.AuthResult;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.ThreepidResult;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.LoginTokenStore;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.web.ClientRequests;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /_matrix/client/v3/login}: password login, and the login types modules add.
 * Rate limited as Synapse does: every attempt per client address ({@code rc_login.address}),
 * failed attempts per account named ({@code rc_login.failed_attempts}, refused before the
 * credentials are checked once used up), successful logins per account ({@code rc_login.account}).
 * {@code m.login.token} logs in with a token a module made ({@code createLoginToken}), once; as
 * on Synapse without single sign-on, it is accepted but not listed by {@code GET /login}.
 */
@RestController
final class LoginController {

	/** The login type of the tokens {@code HomeserverModuleApi.createLoginToken} makes. */
	static final String LOGIN_TOKEN = "m.login.token";

	private final Accounts accounts;

	private final PasswordAuthProviders providers;

	private final Callbacks callbacks;

	private final Ratelimiter perAddress;

	private final Ratelimiter perAccount;

	private final Ratelimiter failedAttempts;

	private final LoginTokenStore loginTokens;

	private final Clock clock;

	private final Threepids threepids;

	LoginController(Accounts accounts, PasswordAuthProviders providers, Callbacks callbacks,
			HomeserverProperties properties, Clock clock, LoginTokenStore loginTokens, Threepids threepids) {
		this.threepids = threepids;
		this.loginTokens = loginTokens;
		this.clock = clock;
		this.accounts = accounts;
		this.providers = providers;
		this.callbacks = callbacks;
		HomeserverProperties.Ratelimit limits = properties.getRatelimit();
		this.perAddress = Ratelimiter.fixed("rc_login.address", limits.getLoginAddress(), clock);
		this.perAccount = Ratelimiter.fixed("rc_login.account", limits.getLoginAccount(), clock);
		this.failedAttempts = Ratelimiter.fixed("rc_login.failed_attempts", limits.getLoginFailedAttempts(), clock);
	}

	@GetMapping({ "/_matrix/client/v3/login", "/_matrix/client/r0/login" })
	Map<String, Object> loginTypes() {
		return Map.of("flows", this.providers.loginTypes().stream().map((type) -> Map.of("type", type)).toList());
	}

	@PostMapping({ "/_matrix/client/v3/login", "/_matrix/client/r0/login" })
	Map<String, Object> login(@JsonRequestBody JsonBody submission, HttpServletRequest request) {
		String type = submission.requireString("type");
		this.perAddress.check(request.getRemoteAddr());
		String tokenUser = LOGIN_TOKEN.equals(type) ? this.loginTokens
			.consume(submission.requireString("token"), this.clock.millis())
			.orElseThrow(() -> new MatrixError(403, Codes.FORBIDDEN, "Invalid login token")) : null;
		ThreepidResult byThreepid = null;
		String username;
		if (tokenUser != null) {
			username = tokenUser;
		}
		else {
			String[] threepid = thirdParty(submission);
			if (threepid != null) {
				String key = threepid[0] + ":" + threepid[1];
				this.failedAttempts.checkWithoutCounting(key);
				if (PasswordAuthProviders.PASSWORD.equals(type)) {
					String password = submission.requireString("password");
					byThreepid = Await.callback(
							this.callbacks.passwordAuthProvider().check3pidAuth(threepid[0], threepid[1], password),
							"check3pidAuth");
				}
				if (byThreepid != null) {
					username = byThreepid.userId();
				}
				else {
					username = (Threepids.EMAIL.equals(threepid[0]) ? this.threepids.userFor(threepid[1])
							: java.util.Optional.<String>empty())
						.orElseThrow(() -> failed(key, "Invalid username or password"));
				}
			}
			else {
				username = username(submission);
			}
		}
		String named = this.accounts.qualify(username).toLowerCase(Locale.ROOT);
		this.failedAttempts.checkWithoutCounting(named);
		AuthResult result = (tokenUser != null || byThreepid != null) ? null
				: this.providers.check(username, type, submission.asMap());
		String userId;
		if (tokenUser != null) {
			userId = tokenUser;
		}
		else if (byThreepid != null) {
			userId = this.accounts.qualify(byThreepid.userId());
		}
		else if (result != null) {
			userId = this.accounts.qualify(result.userId());
		}
		else if (PasswordAuthProviders.PASSWORD.equals(type)) {
			String password = submission.requireString("password");
			userId = this.accounts.checkPassword(this.accounts.qualify(username), password)
				.orElseThrow(() -> failed(named, "Invalid username or password"));
		}
		else {
			throw failed(named, "Invalid login credentials");
		}
		this.perAccount.check(userId.toLowerCase(Locale.ROOT));
		UserRecord user = this.accounts.user(userId)
			.orElseThrow(() -> new MatrixError(403, Codes.FORBIDDEN, "Invalid username or password"));
		if (user.deactivated()) {
			throw new MatrixError(403, Codes.USER_DEACTIVATED, "This account has been deactivated");
		}
		String deviceId = submission.string("device_id");
		String deviceName = submission.string("initial_device_display_name");
		SpamCheck spam = Await.callback(this.callbacks.spamChecker()
			.checkLoginForSpam(userId, deviceId, deviceName, ClientRequests.clientInfo(request), null),
				"checkLoginForSpam");
		if (spam != null && !spam.isNotSpam()) {
			throw new MatrixError(403, spam.errcode(), "Login was blocked by the server", spam.additionalFields());
		}
		LoginResponse response = this.accounts.issueToken(userId, deviceId, deviceName);
		if (result != null && result.onLoggedIn() != null) {
			Await.callback(result.onLoggedIn().apply(response), "AuthResult.onLoggedIn");
		}
		if (byThreepid != null && byThreepid.onLoggedIn() != null) {
			Await.callback(byThreepid.onLoggedIn().apply(response), "ThreepidResult.onLoggedIn");
		}
		Await.callback(this.callbacks.accountValidity().onUserLogin(userId, type, null), "onUserLogin");
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("user_id", response.userId());
		answer.put("access_token", response.accessToken());
		answer.put("device_id", response.deviceId());
		answer.put("home_server", this.accounts.serverName());
		return answer;
	}

	/**
	 * Counts a failed attempt against the account named, and answers the failure.
	 */
	private MatrixError failed(String named, String message) {
		this.failedAttempts.count(named);
		return new MatrixError(403, Codes.FORBIDDEN, message);
	}

	/**
	 * The third-party identifier a login names ({@code identifier} of type
	 * {@code m.id.thirdparty}, or the legacy {@code medium} and {@code address}), e-mail addresses
	 * in canonical form.
	 * @return the medium and the address, or {@code null} when the login names none
	 */
	static String @org.jspecify.annotations.Nullable [] thirdParty(JsonBody submission) {
		Map<String, Object> identifier = submission.object("identifier");
		JsonBody id;
		if (identifier != null) {
			id = JsonBody.of(identifier);
			if (!"m.id.thirdparty".equals(id.string("type"))) {
				return null;
			}
		}
		else if (submission.has("medium") && submission.has("address")) {
			id = submission;
		}
		else {
			return null;
		}
		String medium = id.string("medium");
		String address = id.string("address");
		if (medium == null || address == null) {
			throw new MatrixError(400, Codes.UNKNOWN, "Invalid thirdparty identifier");
		}
		return new String[] { medium, Threepids.EMAIL.equals(medium) ? Threepids.canonicalEmail(address) : address };
	}

	/**
	 * The user a login or a password stage names: {@code identifier} of type {@code m.id.user},
	 * or the legacy {@code user}.
	 */
	static String username(JsonBody submission) {
		Map<String, Object> identifier = submission.object("identifier");
		if (identifier != null) {
			JsonBody id = JsonBody.of(identifier);
			String type = id.requireString("type");
			if (!"m.id.user".equals(type)) {
				throw new MatrixError(400, Codes.UNKNOWN, "Unknown login identifier type " + type);
			}
			return id.requireString("user");
		}
		String user = submission.string("user");
		if (user == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: identifier");
		}
		return user;
	}

}

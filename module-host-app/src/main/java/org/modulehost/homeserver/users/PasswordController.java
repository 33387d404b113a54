package org.modulehost.homeserver.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.DeviceRecord;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /account/password}, as Synapse's: a signed-in user changes their password after
 * the password stage of user-interactive authentication (their other devices are logged out
 * unless {@code logout_devices} is {@code false}); without an access token, a user who forgot
 * it resets it with the {@code m.login.email.identity} stage, a session validated by the link of
 * a password-reset e-mail (then every device is logged out unless {@code logout_devices} is
 * {@code false}).
 */
@RestController
final class PasswordController {

	static final String EMAIL_IDENTITY = "m.login.email.identity";

	private final Accounts accounts;

	private final AccountStore store;

	private final Authenticator authenticator;

	private final Threepids threepids;

	private final UserInteractiveAuth auth;

	PasswordController(UserInteractiveAuth auth, Accounts accounts, AccountStore store, Authenticator authenticator,
			Threepids threepids) {
		this.accounts = accounts;
		this.store = store;
		this.authenticator = authenticator;
		this.threepids = threepids;
		this.auth = auth;
	}

	@PostMapping({ "/_matrix/client/v3/account/password", "/_matrix/client/r0/account/password" })
	ResponseEntity<Map<String, Object>> change(@JsonRequestBody JsonBody body, HttpServletRequest request) {
		boolean logoutDevices = body.bool("logout_devices", true);
		boolean signedIn = request.getHeader("Authorization") != null || request.getParameter("access_token") != null;
		String userId;
		String keepDevice = null;
		if (signedIn) {
			Requester requester = this.authenticator.authenticate(request);
			Map<String, Object> challenge = this.auth.check(requester, body, "POST /account/password");
			if (challenge != null) {
				return ResponseEntity.status(401).body(challenge);
			}
			userId = requester.userId();
			keepDevice = requester.deviceId();
		}
		else {
			Map<String, Object> auth = body.object("auth");
			if (auth == null || !EMAIL_IDENTITY.equals(auth.get("type"))) {
				if (auth != null && auth.get("type") != null) {
					throw new MatrixError(400, Codes.UNRECOGNIZED, "Unrecognised authentication type " + auth.get("type"));
				}
				return ResponseEntity.status(401).body(emailFlows());
			}
			if (!this.threepids.enabled()) {
				throw new MatrixError(400, Codes.UNKNOWN, "Password reset by email is not supported on this server");
			}
			ThreepidStore.Session session = emailStage(JsonBody.of(auth), Threepids.Purpose.PASSWORD, this.threepids);
			userId = this.threepids.userFor(session.address())
				.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Email address not found"));
			String password = body.requireString("new_password");
			Accounts.requireHashablePassword(password);
			this.threepids.use(session);
			return ResponseEntity.ok(set(userId, password, logoutDevices, null));
		}
		String password = body.requireString("new_password");
		return ResponseEntity.ok(set(userId, password, logoutDevices, keepDevice));
	}

	private Map<String, Object> set(String userId, String password, boolean logoutDevices,
			@org.jspecify.annotations.Nullable String keepDevice) {
		this.accounts.setPassword(userId, password, false);
		if (logoutDevices) {
			List<String> others = this.store.devices(userId)
				.stream()
				.map(DeviceRecord::deviceId)
				.filter((deviceId) -> !deviceId.equals(keepDevice))
				.toList();
			this.accounts.deleteDevices(userId, others);
		}
		return Map.of();
	}

	/**
	 * Checks an {@code m.login.email.identity} stage: its {@code threepid_creds} (or the legacy
	 * {@code threepidCreds}) name a session validated for the purpose.
	 * @return the session, not yet used
	 * @throws MatrixError 400 {@code M_THREEPID_AUTH_FAILED} when there is no such session
	 */
	static ThreepidStore.Session emailStage(JsonBody auth, Threepids.Purpose purpose, Threepids threepids) {
		Map<String, Object> creds = auth.object("threepid_creds");
		if (creds == null) {
			creds = auth.object("threepidCreds");
		}
		if (creds == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: threepid_creds");
		}
		JsonBody credentials = JsonBody.of(creds);
		String clientSecret = credentials.requireString("client_secret");
		Threepids.requireClientSecret(clientSecret);
		return threepids.validated(purpose, credentials.requireString("sid"), clientSecret);
	}

	private static Map<String, Object> emailFlows() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("flows", List.of(Map.of("stages", List.of(EMAIL_IDENTITY))));
		answer.put("params", Map.of());
		answer.put("session", Identifiers.newSecret("uia_"));
		return answer;
	}

}

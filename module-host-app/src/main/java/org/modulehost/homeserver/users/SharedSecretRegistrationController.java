package org.modulehost.homeserver.users;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RegistrationStore;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's shared-secret registration, {@code /_synapse/admin/v1/register}: how the first
 * administrator is made (Synapse's {@code register_new_matrix_user} script speaks it). Fetch a
 * nonce with {@code GET}, then {@code POST} the nonce, username, password, {@code admin} and
 * {@code mac}: the hex HMAC-SHA1, keyed with {@code homeserver.registration.shared-secret}, of
 * {@code nonce NUL username NUL password NUL ("admin" | "notadmin")}. A nonce is good for one
 * registration within a minute.
 */
@RestController
final class SharedSecretRegistrationController {

	private static final String PATH = "/_synapse/admin/v1/register";

	private final Accounts accounts;

	private final JsonCodec json;

	/** How long a nonce stays good. */
	private static final Duration NONCE_LIFETIME = Duration.ofMinutes(1);

	private final @Nullable String sharedSecret;

	/** Nonces are kept in the database: the POST may reach another instance than the GET. */
	private final RegistrationStore nonces;

	private final Clock clock;

	SharedSecretRegistrationController(Accounts accounts, JsonCodec json, @Nullable String sharedSecret,
			RegistrationStore nonces, Clock clock) {
		this.accounts = accounts;
		this.json = json;
		this.sharedSecret = sharedSecret;
		this.nonces = nonces;
		this.clock = clock;
	}

	@GetMapping(PATH)
	Map<String, Object> nonce() {
		secret();
		String nonce = Identifiers.newSecret("");
		long now = this.clock.millis();
		this.nonces.saveNonce(nonce, now, now - NONCE_LIFETIME.toMillis());
		return Map.of("nonce", nonce);
	}

	@PostMapping(PATH)
	Map<String, Object> register(@RequestBody(required = false) byte @Nullable [] body) {
		String secret = secret();
		JsonBody request = JsonBody.parse(body, this.json, false);
		String nonce = request.requireString("nonce");
		Accounts.requireHashablePassword(request.requireString("password"));
		if (!this.nonces.takeNonce(nonce, this.clock.millis() - NONCE_LIFETIME.toMillis())) {
			throw new MatrixError(400, Codes.UNKNOWN, "unrecognised nonce");
		}
		String username = request.requireString("username");
		String password = request.requireString("password");
		boolean admin = request.bool("admin", false);
		String expected = mac(secret, nonce + "\0" + username + "\0" + password + "\0" + (admin ? "admin" : "notadmin"));
		String given = request.requireString("mac");
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
			throw new MatrixError(403, Codes.FORBIDDEN, "HMAC incorrect");
		}
		String userId = this.accounts.register(username, password, request.string("displayname"), admin, false);
		LoginResponse login = this.accounts.issueToken(userId, null, null);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("user_id", userId);
		answer.put("access_token", login.accessToken());
		answer.put("device_id", login.deviceId());
		answer.put("home_server", this.accounts.serverName());
		return answer;
	}

	private String secret() {
		if (this.sharedSecret == null || this.sharedSecret.isEmpty()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Shared secret registration is not enabled");
		}
		return this.sharedSecret;
	}

	static String mac(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA1 is not available", ex);
		}
	}

}

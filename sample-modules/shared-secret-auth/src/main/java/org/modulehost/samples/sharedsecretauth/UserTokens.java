package org.modulehost.samples.sharedsecretauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a user: the HMAC-SHA512 of the full user ID (UTF-8), keyed with the shared
 * secret (UTF-8), written as lower-case hexadecimal, 128 characters.
 */
public final class UserTokens {

	private static final String ALGORITHM = "HmacSHA512";

	private final SecretKeySpec key;

	/**
	 * Creates the tokens of one shared secret.
	 * @param sharedSecret the secret
	 */
	public UserTokens(String sharedSecret) {
		this.key = new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/**
	 * Computes a user's token, as the system that logs users in does.
	 * @param userId the full user ID, e.g. {@code @alice:example.org}
	 * @return the token
	 */
	public String tokenFor(String userId) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", ex);
		}
	}

	/**
	 * Tells whether a token is the user's, in time that does not depend on where they differ.
	 * @param userId the full user ID
	 * @param token the token given
	 * @return whether it is the user's token
	 */
	public boolean matches(String userId, String token) {
		return MessageDigest.isEqual(tokenFor(userId).getBytes(StandardCharsets.UTF_8),
				token.getBytes(StandardCharsets.UTF_8));
	}

}

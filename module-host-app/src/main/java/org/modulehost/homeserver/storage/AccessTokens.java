package org.modulehost.homeserver.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How access tokens are kept: as the SHA-256 hash of the token, in lower-case hex. The database
 * then holds nothing a reader could present as a token. A fast unsalted hash is right here, unlike
 * for passwords: the tokens are 256 random bits ({@code Identifiers.newSecret}), so there is no
 * dictionary to try and no brute force that could succeed, and a look-up must stay one indexed
 * read per request.
 */
public final class AccessTokens {

	private AccessTokens() {
	}

	/**
	 * Returns the form in which a token is stored and looked up.
	 * @param token the access token as the client presents it
	 * @return its SHA-256 hash, 64 lower-case hex digits
	 */
	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}

package org.modulehost.cache.actuate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

/**
 * The admin token, {@code modulehost.admin.token}, as an {@code Authorization: Bearer} header
 * must carry it. Tokens are compared in constant time, as SHA-256 digests, so that neither the
 * content nor the length of the token leaks through response times.
 */
final class AdminToken {

	private static final String BEARER = "Bearer ";

	private final byte[] expected;

	AdminToken(String token) {
		this.expected = digest(token);
	}

	/**
	 * Tells whether an {@code Authorization} header carries the token.
	 * @param authorization the header's value, if any
	 * @return whether it is {@code Bearer <token>}
	 */
	boolean isCarriedBy(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return MessageDigest.isEqual(this.expected, digest(authorization.substring(BEARER.length()).trim()));
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}

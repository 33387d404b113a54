package org.modulehost.homeserver.rooms;

import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's stream.
 */
public final class StreamTokens {

	private static final Pattern TOKEN = Pattern.compile("s[0-9]{1,18}");

	private StreamTokens() {
	}

	/**
	 * Writes a token.
	 * @param position the stream position
	 * @return the token
	 */
	public static String token(long position) {
		return "s" + position;
	}

	/**
	 * Reads a token.
	 * @param token the token
	 * @return the stream position
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long position(String token) {
		if (TOKEN.matcher(token).matches()) {
			return Long.parseLong(token, 1, token.length(), 10);
		}
		throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid stream token: " + token);
	}

}

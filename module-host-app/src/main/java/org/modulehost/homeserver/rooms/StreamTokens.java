package org.modulehost.homeserver.rooms;

import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's stream. A sync
 * token may carry positions of other streams after it, each {@code _<letter><position>}: the
 * typing stream's is {@code _t<position>}. A token without one (as every token before them)
 * reads as position 0 of that stream.
 */
public final class StreamTokens {

	private static final Pattern TOKEN = Pattern.compile("s[0-9]{1,18}(_[a-z][0-9]{1,18})*");

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
			int end = token.indexOf('_');
			return Long.parseLong(token, 1, (end < 0) ? token.length() : end, 10);
		}
		throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid stream token: " + token);
	}

	/**
	 * Writes a sync token with the typing stream's position.
	 * @param position the main stream position
	 * @param typing the typing stream position
	 * @return the token
	 */
	public static String syncToken(long position, long typing) {
		return token(position) + "_t" + typing;
	}

	/**
	 * Reads the typing stream's position of a sync token.
	 * @param token the token, valid for {@link #position(String)}
	 * @return the position, 0 when the token has none
	 */
	public static long typingPosition(String token) {
		return part(token, 't');
	}

	private static long part(String token, char stream) {
		position(token);
		int at = token.indexOf("_" + stream);
		if (at < 0) {
			return 0;
		}
		int end = token.indexOf('_', at + 2);
		return Long.parseLong(token, at + 2, (end < 0) ? token.length() : end, 10);
	}

}

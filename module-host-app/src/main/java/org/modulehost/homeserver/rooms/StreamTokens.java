package org.modulehost.homeserver.rooms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's stream; a sync
 * token adds the position in the presence stream, {@code s<position>_p<presence>}. Every method
 * reading a position accepts both forms, so a sync token may be used for pagination and a token
 * made before presence existed still syncs.
 */
public final class StreamTokens {

	private static final Pattern TOKEN = Pattern.compile("s([0-9]{1,18})(?:_p([0-9]{1,18}))?");

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
	 * Writes a sync token.
	 * @param position the stream position
	 * @param presencePosition the presence stream position
	 * @return the token
	 */
	public static String syncToken(long position, long presencePosition) {
		return "s" + position + "_p" + presencePosition;
	}

	/**
	 * Reads a token.
	 * @param token the token
	 * @return the stream position
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long position(String token) {
		return Long.parseLong(matcher(token).group(1));
	}

	/**
	 * Reads the presence position of a sync token.
	 * @param token the token
	 * @return the presence stream position; {@code 0} (the start) for a token without one
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long presencePosition(String token) {
		String presence = matcher(token).group(2);
		return (presence != null) ? Long.parseLong(presence) : 0;
	}

	private static Matcher matcher(String token) {
		Matcher matcher = TOKEN.matcher(token);
		if (matcher.matches()) {
			return matcher;
		}
		throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid stream token: " + token);
	}

}

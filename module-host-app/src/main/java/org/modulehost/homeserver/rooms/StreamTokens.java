package org.modulehost.homeserver.rooms;

import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's main stream
 * (events and account data). A sync token carries the positions of other streams after it, each
 * {@code _<letter><position>}: the devices stream's (to-device messages and device-list changes)
 * is {@code _d<position>}. Every token is accepted wherever a main position is read; a token
 * without a stream's part (as every token made before that stream) reads as its position 0.
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
	 * Adds the devices stream's position to a token.
	 * @param token a token of the main position
	 * @param devices the devices stream position
	 * @return the sync token
	 */
	public static String withDevices(String token, long devices) {
		return token + "_d" + devices;
	}

	/**
	 * Reads the devices stream's position of a sync token.
	 * @param token the token
	 * @return the position, 0 when the token has none
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long devicesPosition(String token) {
		position(token);
		int at = token.indexOf("_d");
		if (at < 0) {
			return 0;
		}
		int end = token.indexOf('_', at + 2);
		return Long.parseLong(token, at + 2, (end < 0) ? token.length() : end, 10);
	}

}

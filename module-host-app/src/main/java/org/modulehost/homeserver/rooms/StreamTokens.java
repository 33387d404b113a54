package org.modulehost.homeserver.rooms;

import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's main stream
 * (events and account data). A sync token carries the positions of other streams after it, each
 * {@code _<letter><position>}: the presence stream's is {@code _p<position>}, the devices
 * stream's (to-device messages and device-list changes) {@code _d<position>}, the typing
 * stream's {@code _t<position>}. Every token is
 * accepted wherever a main position is read, so a sync token may be used for pagination; a token
 * without a stream's part (as every token made before that stream existed) reads as its
 * position 0.
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
	 * Writes a sync token of the main and the presence stream.
	 * @param position the stream position
	 * @param presencePosition the presence stream position
	 * @return the token
	 */
	public static String syncToken(long position, long presencePosition) {
		return with(token(position), 'p', presencePosition);
	}

	/**
	 * Reads a token.
	 * @param token the token
	 * @return the stream position
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long position(String token) {
		valid(token);
		int end = token.indexOf('_');
		return Long.parseLong(token, 1, (end < 0) ? token.length() : end, 10);
	}

	/**
	 * Reads the presence position of a sync token.
	 * @param token the token
	 * @return the presence stream position; {@code 0} (the start) for a token without one
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long presencePosition(String token) {
		return part(token, 'p');
	}

	/**
	 * Adds the devices stream's position to a token.
	 * @param token a token of the main position
	 * @param devices the devices stream position
	 * @return the sync token
	 */
	public static String withDevices(String token, long devices) {
		return with(token, 'd', devices);
	}

	/**
	 * Reads the devices stream's position of a sync token.
	 * @param token the token
	 * @return the position, 0 when the token has none
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long devicesPosition(String token) {
		return part(token, 'd');
	}

	/**
	 * Adds the typing stream's position to a token.
	 * @param token a token of the main position
	 * @param typing the typing stream position
	 * @return the sync token
	 */
	public static String withTyping(String token, long typing) {
		return with(token, 't', typing);
	}

	/**
	 * Reads the typing stream's position of a sync token.
	 * @param token the token
	 * @return the position, 0 when the token has none
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long typingPosition(String token) {
		return part(token, 't');
	}

	/**
	 * Adds one stream's position to a token.
	 * @param token the token
	 * @param stream the stream's letter
	 * @param position its position
	 * @return the token with the part
	 */
	static String with(String token, char stream, long position) {
		return token + "_" + stream + position;
	}

	/**
	 * Reads one stream's position of a token.
	 * @param token the token
	 * @param stream the stream's letter
	 * @return its position, 0 when the token has none
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	static long part(String token, char stream) {
		valid(token);
		for (int at = token.indexOf('_'); at >= 0; at = token.indexOf('_', at + 1)) {
			if (token.charAt(at + 1) == stream) {
				int end = token.indexOf('_', at + 2);
				return Long.parseLong(token, at + 2, (end < 0) ? token.length() : end, 10);
			}
		}
		return 0;
	}

	private static void valid(String token) {
		if (!TOKEN.matcher(token).matches()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid stream token: " + token);
		}
	}

}

package org.modulehost.homeserver.rooms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Sync and pagination tokens: {@code s<position>}, a position in the server's main stream
 * (events and account data), and sync tokens {@code s<position>_<devices>}, which also carry a
 * position in the devices stream (to-device messages and device-list changes). Every token is
 * accepted wherever a position in the main stream is read; a token without the devices
 * position (made before this server had it) reads as devices position 0.
 */
public final class StreamTokens {

	private static final Pattern TOKEN = Pattern.compile("s([0-9]{1,18})(?:_([0-9]{1,18}))?");

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
	 * @param position the position in the main stream
	 * @param devices the position in the devices stream
	 * @return the token
	 */
	public static String token(long position, long devices) {
		return "s" + position + "_" + devices;
	}

	/**
	 * Reads a token's position in the main stream.
	 * @param token the token
	 * @return the stream position
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long position(String token) {
		return Long.parseLong(matcher(token).group(1));
	}

	/**
	 * Reads a token's position in the devices stream.
	 * @param token the token
	 * @return the devices position, 0 for a token without one
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a token this server did not make
	 */
	public static long devicesPosition(String token) {
		String devices = matcher(token).group(2);
		return (devices != null) ? Long.parseLong(devices) : 0;
	}

	private static Matcher matcher(String token) {
		Matcher matcher = TOKEN.matcher(token);
		if (!matcher.matches()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid stream token: " + token);
		}
		return matcher;
	}

}

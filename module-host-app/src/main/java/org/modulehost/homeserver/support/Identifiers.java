package org.modulehost.homeserver.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Matrix identifiers: their grammar, and new opaque ones.
 */
public final class Identifiers {

	private static final int MAX_LENGTH = 255;

	private static final Pattern SERVER_NAME = Pattern
		.compile("(?:\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
				+ "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::[0-9]{1,5})?");

	/** Historical user ID localparts: printable ASCII except the colon. */
	private static final Pattern USER_LOCALPART = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

	/** Localparts a new user may pick. */
	private static final Pattern NEW_USER_LOCALPART = Pattern.compile("[a-z0-9._=\\-/+]+");

	private static final Pattern OPAQUE = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

	private static final Pattern EVENT_ID = Pattern.compile("\\$[\\x21-\\x7E]+");

	private static final Pattern ALIAS_LOCALPART = Pattern.compile("[^:\\s]+");

	private static final SecureRandom random = new SecureRandom();

	private static final char[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private Identifiers() {
	}

	/**
	 * Tells whether a server name is valid: a DNS name or IP literal with an optional port.
	 * @param serverName the server name
	 * @return whether it is valid
	 */
	public static boolean isValidServerName(String serverName) {
		return SERVER_NAME.matcher(serverName).matches();
	}

	/**
	 * Tells whether a user ID is valid: {@code @localpart:server}, at most 255 characters.
	 * @param userId the user ID
	 * @return whether it is valid
	 */
	public static boolean isValidUserId(@Nullable String userId) {
		return isValid(userId, '@', USER_LOCALPART);
	}

	/**
	 * Tells whether a localpart may be chosen for a new user.
	 * @param localpart the localpart
	 * @return whether it is valid
	 */
	public static boolean isValidNewLocalpart(String localpart) {
		return NEW_USER_LOCALPART.matcher(localpart).matches();
	}

	/**
	 * Tells whether a room ID is valid: {@code !opaque:server}, at most 255 characters.
	 * @param roomId the room ID
	 * @return whether it is valid
	 */
	public static boolean isValidRoomId(@Nullable String roomId) {
		return isValid(roomId, '!', OPAQUE);
	}

	/**
	 * Tells whether a room alias is valid: {@code #localpart:server}, at most 255 characters.
	 * @param alias the alias
	 * @return whether it is valid
	 */
	public static boolean isValidAlias(@Nullable String alias) {
		return isValid(alias, '#', ALIAS_LOCALPART);
	}

	/**
	 * Tells whether an event ID is valid: {@code $opaque}, at most 255 characters.
	 * @param eventId the event ID
	 * @return whether it is valid
	 */
	public static boolean isValidEventId(@Nullable String eventId) {
		return eventId != null && eventId.length() <= MAX_LENGTH && EVENT_ID.matcher(eventId).matches();
	}

	private static boolean isValid(@Nullable String id, char sigil, Pattern localpart) {
		if (id == null || id.length() > MAX_LENGTH || id.length() < 4 || id.charAt(0) != sigil) {
			return false;
		}
		int colon = id.indexOf(':');
		if (colon < 2) {
			return false;
		}
		return localpart.matcher(id.substring(1, colon)).matches() && isValidServerName(id.substring(colon + 1));
	}

	/**
	 * Returns the server name of an identifier.
	 * @param id a user ID, room ID or alias
	 * @return what follows the first colon
	 */
	public static String serverOf(String id) {
		return id.substring(id.indexOf(':') + 1);
	}

	/**
	 * Returns the localpart of an identifier.
	 * @param id a user ID, room ID or alias
	 * @return what lies between the sigil and the first colon
	 */
	public static String localpartOf(String id) {
		int colon = id.indexOf(':');
		return id.substring(1, (colon < 0) ? id.length() : colon);
	}

	/**
	 * Creates a room ID.
	 * @param serverName this server
	 * @return a new room ID
	 */
	public static String newRoomId(String serverName) {
		return "!" + letters(18) + ":" + serverName;
	}

	/**
	 * Creates an event ID in the format of room version 4 and later.
	 * @return a new event ID
	 */
	public static String newEventId() {
		return "$" + urlSafe(32);
	}

	/**
	 * Creates a device ID.
	 * @return ten upper-case letters
	 */
	public static String newDeviceId() {
		StringBuilder id = new StringBuilder(10);
		for (int i = 0; i < 10; i++) {
			id.append((char) ('A' + random.nextInt(26)));
		}
		return id.toString();
	}

	/**
	 * Creates an opaque secret such as an access token or a session ID.
	 * @param prefix a prefix that makes the kind recognisable
	 * @return a new secret with 256 random bits
	 */
	public static String newSecret(String prefix) {
		return prefix + urlSafe(32);
	}

	private static String letters(int count) {
		StringBuilder letters = new StringBuilder(count);
		for (int i = 0; i < count; i++) {
			letters.append(LETTERS[random.nextInt(LETTERS.length)]);
		}
		return letters.toString();
	}

	private static String urlSafe(int bytes) {
		byte[] data = new byte[bytes];
		random.nextBytes(data);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
	}

}

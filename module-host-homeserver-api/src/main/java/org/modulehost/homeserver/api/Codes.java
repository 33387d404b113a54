package org.modulehost.homeserver.api;

/**
 * Matrix error codes ({@code errcode}), for {@link MatrixError} and {@link SpamCheck}.
 */
public final class Codes {

	/** Forbidden access, e.g. joining a room without permission or a denied spam check. */
	public static final String FORBIDDEN = "M_FORBIDDEN";

	/** An unknown error. */
	public static final String UNKNOWN = "M_UNKNOWN";

	/** No resource was found for this request. */
	public static final String NOT_FOUND = "M_NOT_FOUND";

	/** The server did not understand the request: an unknown endpoint or method. */
	public static final String UNRECOGNIZED = "M_UNRECOGNIZED";

	/** No access token was given with a request that needs one. */
	public static final String MISSING_TOKEN = "M_MISSING_TOKEN";

	/** The access token was not recognised. */
	public static final String UNKNOWN_TOKEN = "M_UNKNOWN_TOKEN";

	/** The request body is not JSON. */
	public static final String NOT_JSON = "M_NOT_JSON";

	/** The request body is JSON but malformed, e.g. a field of the wrong type. */
	public static final String BAD_JSON = "M_BAD_JSON";

	/** A parameter has an invalid value. */
	public static final String INVALID_PARAM = "M_INVALID_PARAM";

	/** A required parameter is missing. */
	public static final String MISSING_PARAM = "M_MISSING_PARAM";

	/** Too many requests; the error carries {@code retry_after_ms}. */
	public static final String LIMIT_EXCEEDED = "M_LIMIT_EXCEEDED";

	/** The user ID is already taken. */
	public static final String USER_IN_USE = "M_USER_IN_USE";

	/** The desired user ID is not a valid user name. */
	public static final String INVALID_USERNAME = "M_INVALID_USERNAME";

	/** The room alias is already taken. */
	public static final String ROOM_IN_USE = "M_ROOM_IN_USE";

	/** The user's account was deactivated. */
	public static final String USER_DEACTIVATED = "M_USER_DEACTIVATED";

	/** Guests may not do this. */
	public static final String GUEST_ACCESS_FORBIDDEN = "M_GUEST_ACCESS_FORBIDDEN";

	/** The room's state does not allow the request. */
	public static final String BAD_STATE = "M_BAD_STATE";

	/** The request or an item in it is too large. */
	public static final String TOO_LARGE = "M_TOO_LARGE";

	/** The room version is not supported. */
	public static final String UNSUPPORTED_ROOM_VERSION = "M_UNSUPPORTED_ROOM_VERSION";

	/** The room alias is not valid. */
	public static final String BAD_ALIAS = "M_BAD_ALIAS";

	/** The initial state given to room creation is invalid. */
	public static final String INVALID_ROOM_STATE = "M_INVALID_ROOM_STATE";

	/** The password is too weak. */
	public static final String WEAK_PASSWORD = "M_WEAK_PASSWORD";

	/** The resource is exclusively owned by someone else. */
	public static final String EXCLUSIVE = "M_EXCLUSIVE";

	/** The server refuses a third-party identifier. */
	public static final String THREEPID_DENIED = "M_THREEPID_DENIED";

	/** The user's account has expired (account validity). */
	public static final String EXPIRED_ACCOUNT = "ORG_MATRIX_EXPIRED_ACCOUNT";

	/** The request was not authorised, e.g. a registration shared secret that does not match. */
	public static final String UNAUTHORIZED = "M_UNAUTHORIZED";

	private Codes() {
	}

}

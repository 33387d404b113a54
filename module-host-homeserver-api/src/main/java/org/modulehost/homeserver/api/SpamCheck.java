package org.modulehost.homeserver.api;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a spam-checker callback: not spam, or a denial with the Matrix error code the
 * client receives (with status 403) and extra fields for the error's JSON body.
 *
 * @param errcode the error code of a denial, e.g. {@link Codes#FORBIDDEN}; {@code null} for
 * {@link #NOT_SPAM}
 * @param additionalFields fields added to the error's JSON body; empty for none
 */
public record SpamCheck(@Nullable String errcode, Map<String, Object> additionalFields) {

	/** The neutral answer: the action is allowed. */
	public static final SpamCheck NOT_SPAM = new SpamCheck(null, Map.of());

	/**
	 * Copies the additional fields into an unmodifiable map.
	 */
	public SpamCheck {
		additionalFields = JsonMaps.freeze(additionalFields);
	}

	/**
	 * Denies the action with an error code.
	 * @param errcode the error code the client receives, e.g. {@link Codes#FORBIDDEN}
	 * @return the answer
	 */
	public static SpamCheck deny(String errcode) {
		return new SpamCheck(errcode, Map.of());
	}

	/**
	 * Denies the action with an error code and extra fields for the error's JSON body.
	 * @param errcode the error code the client receives
	 * @param additionalFields fields added to the error body
	 * @return the answer
	 */
	public static SpamCheck deny(String errcode, Map<String, Object> additionalFields) {
		return new SpamCheck(errcode, additionalFields);
	}

	/**
	 * Tells whether the action is allowed.
	 * @return whether {@link #errcode()} is {@code null}
	 */
	public boolean isNotSpam() {
		return this.errcode == null;
	}

}

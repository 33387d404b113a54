package org.modulehost.homeserver.api;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code ThirdPartyRulesCallbacks.checkEventAllowed}.
 *
 * @param allowed whether the event may be sent; {@code false} answers the client 403
 * {@code M_FORBIDDEN}
 * @param replacement new content for the event, replacing what the client sent, or {@code null}
 * to keep it
 */
public record EventCheck(boolean allowed, @Nullable Map<String, Object> replacement) {

	/** The neutral answer: allowed, content unchanged. */
	public static final EventCheck ALLOW = new EventCheck(true, null);

	/** Refuses the event. */
	public static final EventCheck DENY = new EventCheck(false, null);

	/**
	 * Copies the replacement into an unmodifiable map.
	 */
	public EventCheck {
		replacement = (replacement != null) ? JsonMaps.freeze(replacement) : null;
	}

	/**
	 * Allows the event with new content.
	 * @param content the content the homeserver stores instead of the one it was given
	 * @return the answer
	 */
	public static EventCheck replaceContent(Map<String, Object> content) {
		return new EventCheck(true, content);
	}

}

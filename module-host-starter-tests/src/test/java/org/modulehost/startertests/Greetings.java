package org.modulehost.startertests;

import org.jspecify.annotations.Nullable;
import org.modulehost.api.callback.CallbackCategory;

/**
 * A callback category of this test's own host: the first module with an answer decides.
 */
@CallbackCategory("greetings")
public interface Greetings {

	/**
	 * Greets someone.
	 * @param name who
	 * @return the greeting, or {@code null} to leave it to the next module
	 */
	default @Nullable String greet(String name) {
		return null;
	}

}

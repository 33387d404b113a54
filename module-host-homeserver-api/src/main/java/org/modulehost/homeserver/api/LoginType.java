package org.modulehost.homeserver.api;

import java.util.List;

/**
 * A login type a password auth provider supports, and the fields of the login submission its
 * checker receives.
 *
 * @param type the login type, e.g. {@code m.login.password} or {@code com.example.token}
 * @param fields the names of the fields the homeserver copies from the submission into the
 * {@code loginDict} given to the checker; a submission lacking one is refused with 400
 */
public record LoginType(String type, List<String> fields) {

	/**
	 * Copies the field list into an unmodifiable one.
	 */
	public LoginType {
		fields = List.copyOf(fields);
	}

}

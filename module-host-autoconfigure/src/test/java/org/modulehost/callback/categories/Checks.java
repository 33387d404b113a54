package org.modulehost.callback.categories;

import java.io.IOException;

import org.modulehost.api.callback.CallbackCategory;

/**
 * A test category with two independent checks, one of which declares a checked exception. A
 * {@link BaseChecks} callback is inherited.
 */
@CallbackCategory("checks")
public interface Checks extends BaseChecks {

	default String checkUser(String user) {
		return "allow";
	}

	default String checkRoom(String room) {
		return "allow";
	}

	default String readRule(String name) throws IOException {
		return "none";
	}

}

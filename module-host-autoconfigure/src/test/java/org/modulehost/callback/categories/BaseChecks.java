package org.modulehost.callback.categories;

/**
 * Callbacks that {@link Checks} inherits.
 */
public interface BaseChecks {

	default String checkServer(String server) {
		return "allow";
	}

}

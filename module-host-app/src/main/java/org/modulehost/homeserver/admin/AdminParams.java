package org.modulehost.homeserver.admin;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Query parameters of the admin API, parsed as Synapse's {@code parse_integer} and
 * {@code parse_boolean} do.
 */
final class AdminParams {

	private AdminParams() {
	}

	static long nonNegative(@Nullable String value, String name, long defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		try {
			long parsed = Long.parseLong(value);
			if (parsed >= 0) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new MatrixError(400, Codes.INVALID_PARAM,
				"Query parameter " + name + " must be a string representing a positive integer.");
	}

	static boolean bool(@Nullable String value, String name, boolean defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		return switch (value) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new MatrixError(400, Codes.INVALID_PARAM,
					"Boolean query parameter " + name + " must be one of ['true', 'false']");
		};
	}

}

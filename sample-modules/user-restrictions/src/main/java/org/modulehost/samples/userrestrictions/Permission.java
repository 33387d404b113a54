package org.modulehost.samples.userrestrictions;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.modulehost.api.ConfigError;

/**
 * An action the rules allow or deny, named in the configuration by its {@link #key()}.
 */
public enum Permission {

	/** Inviting a user to a room ({@code userMayInvite}). */
	INVITE("invite"),

	/** Creating a room ({@code userMayCreateRoom}). */
	CREATE_ROOM("create_room");

	private final String key;

	Permission(String key) {
		this.key = key;
	}

	/**
	 * Returns the name of the permission in the configuration.
	 * @return {@code invite} or {@code create_room}
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Reads a permission from the configuration.
	 * @param value the configured value
	 * @param path where it is, for the error
	 * @return the permission
	 * @throws ConfigError if the value names no permission
	 */
	static Permission of(Object value, List<String> path) {
		for (Permission permission : values()) {
			if (permission.key.equals(value)) {
				return permission;
			}
		}
		throw new ConfigError("'" + value + "' is not a permission the user-restrictions module knows; use one of "
				+ Arrays.stream(values()).map(Permission::key).collect(Collectors.joining(", ")), path);
	}

}

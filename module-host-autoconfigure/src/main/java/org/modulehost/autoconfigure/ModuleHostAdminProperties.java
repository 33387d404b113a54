package org.modulehost.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials for the host's write operations, such as invalidating module caches over HTTP.
 * Without a credential those operations are not exposed at all.
 */
@ConfigurationProperties("modulehost.admin")
public class ModuleHostAdminProperties {

	/** Bearer token that write operations require in an "Authorization: Bearer <token>" header; unset disables them. */
	private @Nullable String token;

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

}

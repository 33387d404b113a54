package org.modulehost.samples.sharedsecretauth;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration of {@link SharedSecretAuthProvider}, bound by the host from the module's
 * {@code config:} mapping (keys in snake case as in the Synapse module).
 *
 * @param sharedSecret the key of the HMAC; shared with the systems that log users in
 * ({@code shared_secret}, required)
 * @param mLoginPasswordSupportEnabled whether an {@code m.login.password} login whose password
 * is the HMAC logs the user in too ({@code m_login_password_support_enabled}, default false)
 * @param comDevtureSharedSecretAuthSupportEnabled whether the login type
 * {@code com.devture.shared_secret_auth} is offered
 * ({@code com_devture_shared_secret_auth_support_enabled}, default true)
 * @param registerIfMissing whether a valid login of a local user who does not exist yet creates
 * the user ({@code register_if_missing}, default false; not in the Synapse module, which refuses
 * such logins)
 */
public record SharedSecretAuthConfig(@NotBlank String sharedSecret, boolean mLoginPasswordSupportEnabled,
		@DefaultValue("true") boolean comDevtureSharedSecretAuthSupportEnabled, boolean registerIfMissing) {

	@Override
	public String toString() {
		return "SharedSecretAuthConfig[sharedSecret=******, mLoginPasswordSupportEnabled="
				+ this.mLoginPasswordSupportEnabled + ", comDevtureSharedSecretAuthSupportEnabled="
				+ this.comDevtureSharedSecretAuthSupportEnabled + ", registerIfMissing=" + this.registerIfMissing + "]";
	}

}

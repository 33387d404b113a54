package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;

/**
 * Expires users whose localpart starts with {@code expired}; records registrations and logins.
 */
public class TestAccountValidity implements AccountValidityCallbacks {

	public TestAccountValidity(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerAccountValidityCallbacks(this);
	}

	@Override
	public CompletionStage<@Nullable Boolean> isUserExpired(String userId) {
		return CompletableFuture.completedFuture(userId.startsWith("@expired") ? Boolean.TRUE : null);
	}

	@Override
	public CompletionStage<Void> onUserRegistration(String userId) {
		Recorder.record("onUserRegistration:" + userId);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Void> onUserLogin(String userId, @Nullable String authProviderType,
			@Nullable String authProviderId) {
		Recorder.record("onUserLogin:" + userId + ":" + authProviderType);
		return CompletableFuture.completedFuture(null);
	}

}

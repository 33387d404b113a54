package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.ThreepidResult;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * The third-party identifier callbacks: additions and removals recorded, addresses at
 * {@code denied.example} refused, and {@code directory-…@example.com} logged in by the module
 * as {@code @directory-user:localhost} with the password {@code directory-pass}.
 */
public class TestThreepidIdentifiers implements ThirdPartyRulesCallbacks, PasswordAuthProviderCallbacks {

	public TestThreepidIdentifiers(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerThirdPartyRulesCallbacks(this);
		api.registerPasswordAuthProviderCallbacks(this);
	}

	@Override
	public CompletionStage<Void> onAddUserThirdPartyIdentifier(String userId, String medium, String address) {
		Recorder.record("onAdd3pid:" + userId + ":" + medium + ":" + address);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Void> onRemoveUserThirdPartyIdentifier(String userId, String medium, String address) {
		Recorder.record("onRemove3pid:" + userId + ":" + medium + ":" + address);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<@Nullable ThreepidResult> check3pidAuth(String medium, String address, String password) {
		Recorder.record("check3pidAuth:" + medium + ":" + address);
		if (address.startsWith("directory-") && "directory-pass".equals(password)) {
			return CompletableFuture.completedFuture(new ThreepidResult("directory-user", (login) -> {
				Recorder.record("threepidLoggedIn:" + login.userId());
				return CompletableFuture.completedFuture(null);
			}));
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Boolean> is3pidAllowed(String medium, String address, boolean registration) {
		Recorder.record("is3pidAllowed:" + address + ":" + registration);
		return CompletableFuture.completedFuture(!address.endsWith("@denied.example"));
	}

}

package org.modulehost.homeserver.modules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.AuthChecker;
import org.modulehost.homeserver.api.AuthResult;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.LoginType;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;

/**
 * A password provider: a token login type, module passwords for {@code ldap-} users, a checker
 * that throws for {@code throwing-} users, and names for new users.
 */
public class TestPasswordProvider implements PasswordAuthProviderCallbacks {

	private final HomeserverModuleApi api;

	public TestPasswordProvider(Map<String, Object> config, HomeserverModuleApi api) {
		this.api = api;
		api.registerPasswordAuthProviderCallbacks(this);
	}

	@Override
	public Map<LoginType, AuthChecker> authCheckers() {
		AuthChecker token = (username, loginType, loginDict) -> {
			Recorder.record("tokenChecker:" + loginDict.keySet());
			if (("letmein-" + username).equals(loginDict.get("token"))) {
				return CompletableFuture.completedFuture(new AuthResult(username, (response) -> {
					Recorder.record("onLoggedIn:" + response.userId() + ":" + response.deviceId());
					return CompletableFuture.completedFuture(null);
				}));
			}
			return CompletableFuture.completedFuture(null);
		};
		AuthChecker password = (username, loginType, loginDict) -> {
			if (username.startsWith("throwing-")) {
				throw new IllegalStateException("directory unavailable");
			}
			boolean valid = username.startsWith("ldap-") && "module-secret".equals(loginDict.get("password"));
			return CompletableFuture.completedFuture(valid ? new AuthResult(this.api.getQualifiedUserId(username), null)
					: null);
		};
		return Map.of(new LoginType("org.example.token", List.of("token")), token,
				new LoginType("m.login.password", List.of("password")), password);
	}

	@Override
	public CompletionStage<Void> onLoggedOut(String userId, @Nullable String deviceId, String accessToken) {
		Recorder.record("onLoggedOut:" + userId + ":" + deviceId);
		Recorder.record("onLoggedOutToken:" + deviceId + ":" + accessToken);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<@Nullable String> getUsernameForRegistration(Map<String, Object> uiaResults,
			Map<String, Object> params) {
		Object username = params.get("username");
		if (params.containsKey("password")) {
			throw new IllegalStateException("the password must not reach modules");
		}
		if (username instanceof String name && name.startsWith("rename-")) {
			return CompletableFuture.completedFuture("renamed-" + name.substring("rename-".length()));
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<@Nullable String> getDisplaynameForRegistration(Map<String, Object> uiaResults,
			Map<String, Object> params) {
		Object username = params.get("username");
		return CompletableFuture.completedFuture(
				(username instanceof String name && name.startsWith("named-")) ? "Named by module" : null);
	}

}

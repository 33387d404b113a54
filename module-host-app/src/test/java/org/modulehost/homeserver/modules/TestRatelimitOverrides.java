package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.RatelimitOverride;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;

/**
 * One action then a long wait for {@code strict-} users; no limit for {@code unlimited-} users.
 */
public class TestRatelimitOverrides implements RatelimitCallbacks {

	public TestRatelimitOverrides(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerRatelimitCallbacks(this);
	}

	@Override
	public CompletionStage<@Nullable RatelimitOverride> getRatelimitOverrideForUser(String userId,
			String limiterName) {
		if (userId.startsWith("@strict-")) {
			Recorder.record("getRatelimitOverrideForUser:" + userId + ":" + limiterName);
			return CompletableFuture.completedFuture(new RatelimitOverride(0.001, 1));
		}
		if (userId.startsWith("@unlimited-")) {
			return CompletableFuture.completedFuture(new RatelimitOverride(0, 0));
		}
		return CompletableFuture.completedFuture(null);
	}

}

package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.AccountDataCallbacks;

/**
 * Records account-data writes.
 */
public class TestAccountDataListener implements AccountDataCallbacks {

	public TestAccountDataListener(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerAccountDataCallbacks(this);
	}

	@Override
	public CompletionStage<Void> onAccountDataUpdated(String userId, @Nullable String roomId, String type,
			Map<String, Object> content) {
		Recorder.record("onAccountDataUpdated:" + userId + ":" + roomId + ":" + type + ":" + content);
		return CompletableFuture.completedFuture(null);
	}

}

package org.modulehost.callback.categories;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.CallbackCategory;

/**
 * A test category of notifications: no results, so every module is called (ALL, SKIP by default).
 */
@CallbackCategory("notifications")
public interface Notifications {

	default void onEvent(String event) {
	}

	default CompletionStage<Void> onEventLater(String event) {
		return CompletableFuture.completedFuture(null);
	}

}

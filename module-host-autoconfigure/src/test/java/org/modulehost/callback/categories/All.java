package org.modulehost.callback.categories;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;

/**
 * A test category whose callbacks all combine by {@link Combine#ALL}: one per error policy,
 * synchronous and asynchronous.
 */
@CallbackCategory("all")
public interface All {

	@Callback(combine = Combine.ALL, onError = OnError.PROPAGATE)
	default String propagate(String argument) {
		return "neutral";
	}

	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default String skip(String argument) {
		return "neutral";
	}

	@Callback(combine = Combine.ALL, onError = OnError.PROPAGATE)
	default CompletionStage<String> propagateAsync(String argument) {
		return CompletableFuture.completedFuture("neutral");
	}

	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<String> skipAsync(String argument) {
		return CompletableFuture.completedFuture("neutral");
	}

}

package org.modulehost.callback.categories;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;

/**
 * A test category whose callbacks all combine by {@link Combine#COLLECT}: one per error policy,
 * synchronous and asynchronous.
 */
@CallbackCategory("collect")
public interface Collect {

	@Callback(combine = Combine.COLLECT, onError = OnError.PROPAGATE)
	default List<String> propagate(String argument) {
		return List.of();
	}

	@Callback(combine = Combine.COLLECT, onError = OnError.SKIP)
	default List<String> skip(String argument) {
		return List.of();
	}

	@Callback(combine = Combine.COLLECT, onError = OnError.PROPAGATE)
	default CompletionStage<List<String>> propagateAsync(String argument) {
		return CompletableFuture.completedFuture(List.of());
	}

	@Callback(combine = Combine.COLLECT, onError = OnError.SKIP)
	default CompletionStage<List<String>> skipAsync(String argument) {
		return CompletableFuture.completedFuture(List.of());
	}

}

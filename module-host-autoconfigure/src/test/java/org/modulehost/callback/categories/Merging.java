package org.modulehost.callback.categories;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;

/**
 * A test category whose callbacks merge all modules' answers.
 */
@CallbackCategory("merging")
public interface Merging {

	@Callback(combine = Combine.COLLECT)
	default Map<String, Object> fields(String event) {
		return Map.of();
	}

	@Callback(combine = Combine.COLLECT)
	default Set<String> tags(String event) {
		return Set.of();
	}

	@Callback(combine = Combine.COLLECT)
	default Collection<String> names(String event) {
		return List.of();
	}

	@Callback(combine = Combine.COLLECT)
	default CompletionStage<Map<String, Object>> fieldsLater(String event) {
		return CompletableFuture.completedFuture(Map.of());
	}

}

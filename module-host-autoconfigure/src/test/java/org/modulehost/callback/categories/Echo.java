package org.modulehost.callback.categories;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.CallbackCategory;

/**
 * A test category whose neutral answer depends on the arguments.
 */
@CallbackCategory("echo")
public interface Echo {

	default String echo(String value) {
		return value;
	}

	default CompletionStage<String> echoLater(String value) {
		return CompletableFuture.completedFuture(value);
	}

}

package org.modulehost.callback.categories;

import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;

/**
 * Interfaces that are not valid callback categories.
 */
public final class Invalid {

	private Invalid() {
	}

	/** Lacks the annotation. */
	public interface NotAnnotated {

		default String check(String value) {
			return "allow";
		}

	}

	/** Has a callback without a default body. */
	@CallbackCategory("abstract_callback")
	public interface AbstractCallback {

		String check(String value);

	}

	/** Collects a result that cannot be merged. */
	@CallbackCategory("collect_string")
	public interface CollectString {

		@Callback(combine = Combine.COLLECT)
		default String check(String value) {
			return "";
		}

	}

	/** Wants a decisive answer from a callback without a result. */
	@CallbackCategory("decisive_void")
	public interface DecisiveVoid {

		@Callback(combine = Combine.FIRST_DECISIVE)
		default CompletionStage<Void> check(String value) {
			return null;
		}

	}

	/** Has a blank name. */
	@CallbackCategory(" ")
	public interface BlankName {

		default String check(String value) {
			return "allow";
		}

	}

}

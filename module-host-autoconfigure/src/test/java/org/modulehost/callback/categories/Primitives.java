package org.modulehost.callback.categories;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;

/**
 * A test category with primitive and two-slot arguments and results.
 */
@CallbackCategory("primitives")
public interface Primitives {

	default boolean allowed(String user) {
		return true;
	}

	default long sum(int a, long b, double c, boolean negate, char unit) {
		long sum = a + b + (long) c;
		return negate ? -sum : sum;
	}

	default double ratio(double value, float divisor) {
		return value / divisor;
	}

	@Callback(combine = Combine.EXCLUSIVE)
	default int limit(long user) {
		return 10;
	}

}

package org.modulehost.callback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of callback dispatch.
 */
@ConfigurationProperties("modulehost.callbacks")
public class CallbackProperties {

	/** How long a module's asynchronous callback may take before it counts as a failure. */
	private Duration timeout = Duration.ofSeconds(10);

	/** Settings per category, keyed by the category's name (its @CallbackCategory value). */
	private final Map<String, Category> categories = new LinkedHashMap<>();

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Map<String, Category> getCategories() {
		return this.categories;
	}

	/**
	 * Returns the timeout of a category's asynchronous callbacks. Category names match ignoring
	 * case, {@code -} and {@code _}, so {@code spam-checker} configures {@code spam_checker}.
	 * Callers outside the generated dispatchers (a host calling one module's callback on a
	 * thread of its own) use it to keep the same limit.
	 * @param categoryName the category's name
	 * @return its timeout, else the default one
	 */
	public Duration timeout(String categoryName) {
		String wanted = canonical(categoryName);
		for (Map.Entry<String, Category> entry : this.categories.entrySet()) {
			Duration timeout = entry.getValue().getTimeout();
			if (timeout != null && canonical(entry.getKey()).equals(wanted)) {
				return timeout;
			}
		}
		return this.timeout;
	}

	void validate() {
		check("modulehost.callbacks.timeout", this.timeout);
		this.categories.forEach((name, category) -> {
			if (category.getTimeout() != null) {
				check("modulehost.callbacks.categories." + name + ".timeout", category.getTimeout());
			}
		});
	}

	private static void check(String property, Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, timeout,
					"A callback timeout must be positive, e.g. 10s.");
		}
	}

	private static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	/** Settings of one category. */
	public static class Category {

		/** Timeout of this category's asynchronous callbacks; overrides modulehost.callbacks.timeout. */
		private @Nullable Duration timeout;

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

}

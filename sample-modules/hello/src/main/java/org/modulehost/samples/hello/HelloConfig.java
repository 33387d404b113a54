package org.modulehost.samples.hello;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modulehost.api.ConfigError;
import org.springframework.boot.convert.DurationStyle;

/**
 * The hello module's configuration, read by {@link HelloModule#parseConfig(Map)}.
 *
 * @param greeting the word a greeting starts with, e.g. {@code Hello}
 * @param refreshEvery how often every cached greeting is dropped, so that greetings are computed
 * afresh
 */
public record HelloConfig(String greeting, Duration refreshEvery) {

	/** The greeting when none is configured. */
	public static final String DEFAULT_GREETING = "Hello";

	/** How often greetings are refreshed when {@code refresh_every} is not configured. */
	public static final Duration DEFAULT_REFRESH_EVERY = Duration.ofMinutes(10);

	private static final int MAX_GREETING_LENGTH = 100;

	private static final Set<String> KEYS = Set.of("greeting", "refresh_every");

	/**
	 * Reads the module's {@code config:} mapping.
	 * @param config the raw mapping
	 * @return the configuration
	 * @throws ConfigError naming the key that is wrong
	 */
	static HelloConfig parse(Map<String, Object> config) {
		for (String key : config.keySet()) {
			if (!KEYS.contains(key)) {
				throw new ConfigError("unknown setting" + ConfigError.didYouMean(key, KEYS) + " (the settings are greeting and refresh_every)",
						List.of(key));
			}
		}
		return new HelloConfig(greeting(config.get("greeting")), duration(config.get("refresh_every")));
	}

	private static String greeting(Object value) {
		if (value == null) {
			return DEFAULT_GREETING;
		}
		if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_GREETING_LENGTH) {
			throw new ConfigError("must be a text of 1 to " + MAX_GREETING_LENGTH + " characters, e.g. 'Hello' (got "
					+ describe(value) + ")", List.of("greeting"));
		}
		return text.strip();
	}

	private static Duration duration(Object value) {
		if (value == null) {
			return DEFAULT_REFRESH_EVERY;
		}
		Duration duration;
		if (value instanceof Integer || value instanceof Long) {
			// a bare number is milliseconds, as in Synapse's configuration
			duration = Duration.ofMillis(((Number) value).longValue());
		}
		else if (value instanceof String text) {
			try {
				duration = DurationStyle.detectAndParse(text.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new ConfigError("'" + text + "' is not a duration; write e.g. 30s, 10m, 1h or 1d",
						List.of("refresh_every"));
			}
		}
		else {
			throw new ConfigError("must be a duration such as 10m (got " + describe(value) + ")",
					List.of("refresh_every"));
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new ConfigError("must be positive (got " + value + ")", List.of("refresh_every"));
		}
		return duration;
	}

	private static String describe(Object value) {
		return (value instanceof String) ? "'" + value + "'" : value.getClass().getSimpleName() + " " + value;
	}

}

package org.modulehost.samples.httpantispam;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.springframework.boot.convert.DurationStyle;

/**
 * The http-antispam module's configuration, read by {@link HttpAntispam#parseConfig(Map)}.
 *
 * @param baseUrl the service's address; a callback is sent to {@code <base_url>/<callback>}
 * @param authorization the token sent as {@code Authorization: Bearer <token>}, or {@code null}
 * for none
 * @param enabledCallbacks the callbacks forwarded; the others are not registered
 * @param failOpen per callback: whether to allow the action when the service cannot be asked
 * (a connection error, a timeout, an error answer that is not JSON)
 * @param async per callback: whether to send the request without waiting for the answer, and
 * allow the action
 * @param timeout how long to wait for an answer, or {@code null} for the default: four fifths of
 * the homeserver's spam-checker callback timeout
 */
public record HttpAntispamConfig(URI baseUrl, @Nullable String authorization, Set<AntispamCallback> enabledCallbacks,
		Map<AntispamCallback, Boolean> failOpen, Map<AntispamCallback, Boolean> async, @Nullable Duration timeout) {

	private static final List<String> KEYS = List.of("base_url", "authorization", "enabled_callbacks", "fail_open",
			"async", "timeout");

	/**
	 * Copies the collections.
	 */
	public HttpAntispamConfig {
		enabledCallbacks = Set.copyOf(enabledCallbacks);
		failOpen = Map.copyOf(failOpen);
		async = Map.copyOf(async);
	}

	/**
	 * Tells whether a callback allows the action when the service cannot be asked.
	 * @param callback the callback
	 * @return its {@code fail_open} setting, else its default
	 */
	public boolean failsOpen(AntispamCallback callback) {
		return this.failOpen.getOrDefault(callback, callback.failOpenByDefault());
	}

	/**
	 * Tells whether a callback is sent without waiting for the answer.
	 * @param callback the callback
	 * @return its {@code async} setting, {@code false} by default
	 */
	public boolean isAsync(AntispamCallback callback) {
		return this.async.getOrDefault(callback, false);
	}

	/**
	 * Reads the module's {@code config:} mapping.
	 * @param config the raw mapping
	 * @return the configuration
	 * @throws ConfigError naming the key that is wrong
	 */
	static HttpAntispamConfig parse(Map<String, Object> config) {
		for (String key : config.keySet()) {
			if (key.equals("authorization_path")) {
				throw new ConfigError("is not supported; put the token in an environment variable and write"
						+ " authorization: ${ANTISPAM_TOKEN}", List.of(key));
			}
			if (key.equals("do_ping")) {
				throw new ConfigError("is not supported by this port of the module; remove it", List.of(key));
			}
			if (!KEYS.contains(key)) {
				throw new ConfigError("unknown setting" + ConfigError.didYouMean(key, KEYS) + " (the settings are "
						+ String.join(", ", KEYS) + ")", List.of(key));
			}
		}
		return new HttpAntispamConfig(baseUrl(config.get("base_url")), authorization(config.get("authorization")),
				enabledCallbacks(config.get("enabled_callbacks")), flags(config.get("fail_open"), "fail_open"),
				flags(config.get("async"), "async"), timeout(config.get("timeout")));
	}

	private static URI baseUrl(@Nullable Object value) {
		List<String> path = List.of("base_url");
		if (value == null) {
			throw new ConfigError("is required: the address of the antispam service, e.g. http://localhost:8080", path);
		}
		if (!(value instanceof String text) || text.isBlank()) {
			throw new ConfigError("must be an http or https URL, e.g. http://localhost:8080 (got " + value + ")", path);
		}
		String trimmed = text.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		try {
			URI uri = new URI(trimmed);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
					|| uri.getFragment() != null) {
				throw new ConfigError("must be an http or https URL with a host and no query, e.g."
						+ " http://localhost:8080 (got '" + text + "')", path);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new ConfigError("is not a URL: " + ex.getMessage(), path);
		}
	}

	private static @Nullable String authorization(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new ConfigError("must be a text, the token to send as 'Authorization: Bearer <token>'",
					List.of("authorization"));
		}
		// an unset ${ANTISPAM_TOKEN:} placeholder leaves an empty value: no header
		return text.isBlank() ? null : text.strip();
	}

	private static Set<AntispamCallback> enabledCallbacks(@Nullable Object value) {
		if (value == null) {
			return EnumSet.allOf(AntispamCallback.class);
		}
		if (!(value instanceof List<?> list)) {
			throw new ConfigError("must be a list of callback names, e.g. [user_may_invite, check_event_for_spam]",
					List.of("enabled_callbacks"));
		}
		Set<AntispamCallback> callbacks = EnumSet.noneOf(AntispamCallback.class);
		for (int i = 0; i < list.size(); i++) {
			callbacks.add(callback(list.get(i), List.of("enabled_callbacks", String.valueOf(i))));
		}
		return callbacks;
	}

	private static Map<AntispamCallback, Boolean> flags(@Nullable Object value, String key) {
		Map<AntispamCallback, Boolean> flags = new EnumMap<>(AntispamCallback.class);
		if (value == null) {
			return flags;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new ConfigError("must map callback names to true or false, e.g. {check_event_for_spam: true}",
					List.of(key));
		}
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String name = String.valueOf(entry.getKey());
			AntispamCallback callback = callback(name, List.of(key, name));
			if (!(entry.getValue() instanceof Boolean flag)) {
				throw new ConfigError("must be true or false (got " + entry.getValue() + ")", List.of(key, name));
			}
			flags.put(callback, flag);
		}
		return flags;
	}

	private static AntispamCallback callback(@Nullable Object name, List<String> path) {
		List<String> names = Arrays.stream(AntispamCallback.values()).map(AntispamCallback::callbackName).toList();
		String text = String.valueOf(name);
		return AntispamCallback.named(text)
			.orElseThrow(() -> new ConfigError("'" + text + "' is not a callback this module forwards"
					+ ConfigError.didYouMean(text, names) + " (the callbacks are " + String.join(", ", names) + ")", path));
	}

	private static @Nullable Duration timeout(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		Duration timeout;
		try {
			timeout = (value instanceof Integer || value instanceof Long) ? Duration.ofMillis(((Number) value).longValue())
					: DurationStyle.detectAndParse(String.valueOf(value).strip());
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigError("'" + value + "' is not a duration; write e.g. 500ms or 5s", List.of("timeout"));
		}
		if (timeout.isZero() || timeout.isNegative()) {
			throw new ConfigError("must be positive (got " + value + ")", List.of("timeout"));
		}
		return timeout;
	}

	/**
	 * Writes a duration the way the configuration does, e.g. {@code 2s} or {@code 500ms}.
	 * @param duration the duration
	 * @return its text
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		long[] units = { 86_400_000L, 3_600_000L, 60_000L, 1_000L };
		String[] names = { "d", "h", "m", "s" };
		for (int i = 0; i < units.length; i++) {
			if (millis != 0 && millis % units[i] == 0) {
				return (millis / units[i]) + names[i];
			}
		}
		return millis + "ms";
	}

}

package org.modulehost.samples.mediaquota;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The media-quota module's configuration, bound by the host from the module's {@code config:}
 * mapping (sizes such as {@code 10MB}, durations such as {@code 1d}).
 *
 * <pre>{@code
 * max_file_size: 10MB
 * limits:
 *   - max_size: 500MB
 *     period: 1d
 * users:
 *   - match: "@bot-.*:example.org"
 *     max_file_size: 100MB
 *     limits: []
 * }</pre>
 *
 * @param maxFileSize the largest file a user may upload; {@code null}: the server's limit
 * @param limits the limits over time periods for every user no rule matches
 * @param users rules for some users, in order: the first whose {@code match} matches the whole
 * user ID replaces the defaults
 */
public record MediaQuotaConfig(@Nullable DataSize maxFileSize, @DefaultValue List<Limit> limits,
		@DefaultValue List<UserRule> users) {

	/**
	 * Copies the lists into unmodifiable ones.
	 */
	public MediaQuotaConfig {
		limits = List.copyOf(limits);
		users = List.copyOf(users);
	}

	/**
	 * Refuses values that bind but make no sense, naming the key.
	 * @throws ConfigError for a negative size, a period that is not positive or a regular
	 * expression that does not compile
	 */
	void check() {
		size(this.maxFileSize, List.of("max_file_size"));
		check(this.limits, List.of("limits"));
		for (int i = 0; i < this.users.size(); i++) {
			UserRule rule = this.users.get(i);
			List<String> path = List.of("users", String.valueOf(i));
			try {
				Pattern.compile(rule.match());
			}
			catch (PatternSyntaxException ex) {
				throw new ConfigError("not a valid regular expression: " + ex.getDescription(), append(path, "match"));
			}
			size(rule.maxFileSize(), append(path, "max_file_size"));
			if (rule.limits() != null) {
				check(rule.limits(), append(path, "limits"));
			}
		}
	}

	private static void check(List<Limit> limits, List<String> path) {
		for (int i = 0; i < limits.size(); i++) {
			Limit limit = limits.get(i);
			List<String> at = append(path, String.valueOf(i));
			size(limit.maxSize(), append(at, "max_size"));
			if (limit.period().isZero() || limit.period().isNegative()) {
				throw new ConfigError("must be a positive duration such as 1d or 12h", append(at, "period"));
			}
		}
	}

	private static void size(@Nullable DataSize size, List<String> path) {
		if (size != null && size.isNegative()) {
			throw new ConfigError("must be a size of 0 or more, such as 10MB", path);
		}
	}

	private static List<String> append(List<String> path, String key) {
		return java.util.stream.Stream.concat(path.stream(), java.util.stream.Stream.of(key)).toList();
	}

	/**
	 * A limit over a time period.
	 *
	 * @param maxSize the most a user may upload in the period
	 * @param period the period, counted back from each upload
	 */
	public record Limit(@NotNull DataSize maxSize, @NotNull Duration period) {

	}

	/**
	 * The quota of the users a regular expression matches.
	 *
	 * @param match a Java regular expression matching whole user IDs
	 * @param maxFileSize their largest file; {@code null}: the default {@code max_file_size}
	 * @param limits their limits over time periods (empty: none); {@code null}: the default
	 * {@code limits}
	 */
	public record UserRule(@NotNull String match, @Nullable DataSize maxFileSize, @Nullable List<Limit> limits) {

	}

}

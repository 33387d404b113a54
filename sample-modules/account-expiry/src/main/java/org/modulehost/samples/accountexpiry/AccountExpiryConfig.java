package org.modulehost.samples.accountexpiry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The account-expiry module's configuration, bound by the host from the module's
 * {@code config:} mapping (durations such as {@code 30d}, {@code 12h}, {@code 10m}).
 *
 * @param period how long an account stays valid after its registration or its last renewal;
 * required
 * @param renewAt how long before its expiry a user is told to renew (account data
 * {@value AccountExpiry#NOTICE_TYPE}); {@code null} sends no notices
 * @param checkEvery how often the background call looks for accounts to notify
 * @param renewEmailSubject the subject of renewal e-mails; {@code %(app)s} stands for the
 * homeserver's e-mail app name
 * @param sendLinks whether renewal e-mails carry a link that renews the account; {@code false}
 * sends an 8-digit code the user gives back through an authenticated {@code POST /renew}
 * @param templateDir a directory with the module's templates ({@code notice_expiry.html},
 * {@code notice_expiry.txt}); {@code null} uses the module's own
 */
public record AccountExpiryConfig(@NotNull Duration period, @Nullable Duration renewAt,
		@DefaultValue("30m") Duration checkEvery, @DefaultValue(DEFAULT_SUBJECT) String renewEmailSubject,
		@DefaultValue("true") boolean sendLinks, @Nullable Path templateDir) {

	/** The default subject of renewal e-mails, as in the original module. */
	static final String DEFAULT_SUBJECT = "Renew your %(app)s account";

	/**
	 * Refuses values that bind but make no sense, naming the key.
	 * @throws ConfigError for a duration that is not positive, or a {@code renew_at} that is not
	 * shorter than {@code period}
	 */
	void check() {
		if (this.renewEmailSubject.isBlank()) {
			throw new ConfigError("must not be empty; leave it out for \"" + DEFAULT_SUBJECT + "\"",
					List.of("renew_email_subject"));
		}
		if (this.templateDir != null && !Files.isDirectory(this.templateDir)) {
			throw new ConfigError("must be a directory holding notice_expiry.html and notice_expiry.txt (got "
					+ this.templateDir + ", which is not a directory)", List.of("template_dir"));
		}
		positive(this.period, "period");
		positive(this.checkEvery, "check_every");
		if (this.renewAt != null) {
			positive(this.renewAt, "renew_at");
			if (this.renewAt.compareTo(this.period) >= 0) {
				throw new ConfigError("must be shorter than period (" + format(this.period) + "), or every account would be"
						+ " told to renew as soon as it is created (got " + format(this.renewAt) + ")", List.of("renew_at"));
			}
		}
	}

	private static void positive(Duration duration, String key) {
		if (duration.isZero() || duration.isNegative()) {
			throw new ConfigError("must be a positive duration such as 30d or 12h (got " + format(duration) + ")",
					List.of(key));
		}
	}

	/**
	 * The subject of renewal e-mails: {@code renew_email_subject} with {@code %(app)s} replaced by
	 * the app name (and {@code %%} by {@code %}), as Python's {@code %} formatting does.
	 * @param appName the homeserver's e-mail app name
	 * @return the subject
	 */
	String subject(String appName) {
		return this.renewEmailSubject.replace("%%", "\u0000").replace("%(app)s", appName).replace("\u0000", "%");
	}

	/**
	 * Writes a duration the way the configuration does, e.g. {@code 7d} or {@code 90m}.
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

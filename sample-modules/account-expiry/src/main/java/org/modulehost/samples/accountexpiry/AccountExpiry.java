package org.modulehost.samples.accountexpiry;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.Cached;
import org.modulehost.api.ConfigError;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Template;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.LegacyRenewal;

/**
 * Expires accounts a configured {@code period} after their registration or their last renewal,
 * after matrix-org/synapse-email-account-validity.
 *
 * <ul>
 * <li>{@link #isUserExpired(String)} compares the user's expiry with the homeserver's clock; the
 * expiry is read from the module's own table through {@link #expirationTs(String) a cached
 * lookup}. An expired user's authenticated requests are answered 403
 * {@code ORG_MATRIX_EXPIRED_ACCOUNT} by the homeserver.</li>
 * <li>{@link #onUserRegistration(String)} gives a new user {@code now + period}; a user who
 * registered before the module was enabled gets the same on their first request.</li>
 * <li>{@code POST /_synapse/client/account_expiry/renew} extends the caller's account (an
 * administrator may name another user) to {@code now + period}; administrators expire an account
 * at once with {@code POST /_synapse/client/account_expiry/admin/expire}. Both invalidate the
 * cached expiry.</li>
 * <li>With {@code renew_at}, a looping background call (on the instance that runs background
 * tasks) tells users whose account expires within {@code renew_at} to renew: through the account
 * data {@value #NOTICE_TYPE} their clients receive, and with an e-mail to each of their e-mail
 * addresses ({@code notice_expiry.html} and {@code .txt}) holding a renewal link, or an 8-digit
 * code with {@code send_links: false}.</li>
 * <li>The legacy account-validity endpoints: {@code send_mail} sends a new renewal e-mail,
 * {@code renew?token=} renews with the link's token (a second use is reported as already
 * renewed), and the admin {@code validity} endpoint sets any expiry.</li>
 * </ul>
 *
 * <pre>{@code
 * modules:
 *   - module: org.modulehost.samples.accountexpiry.AccountExpiry
 *     config:
 *       period: 30d        # required
 *       renew_at: 7d       # optional: send renewal notices this long before expiry
 *       check_every: 30m   # optional: how often to look for accounts to notify
 *       send_links: true   # optional: a link in the renewal e-mail, or an 8-digit code
 * }</pre>
 */
public class AccountExpiry implements AccountValidityCallbacks {

	/** Where the module's web resource is mounted. */
	public static final String PATH = "/_synapse/client/account_expiry";

	/** The account data type of renewal notices. */
	public static final String NOTICE_TYPE = "org.modulehost.account_expiry";

	/** A renewal link's token: 32 letters, as in the original. */
	private static final Pattern LONG_TOKEN = Pattern.compile("[a-zA-Z]{32}");

	/** A renewal code ({@code send_links: false}): 8 digits. */
	private static final Pattern SHORT_TOKEN = Pattern.compile("[0-9]{8}");

	private static final LegacyRenewal INVALID = new LegacyRenewal(false, false, 0);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Log logger = LogFactory.getLog(AccountExpiry.class);

	private final AccountExpiryConfig config;

	private final HomeserverModuleApi api;

	private final ExpiryStore store;

	private final Template htmlTemplate;

	private final Template textTemplate;

	private final String subject;

	/**
	 * Creates the module's table, then registers the cached lookup, the callbacks, the web
	 * resource and, with {@code renew_at}, the renewal notices.
	 * @param config the configuration
	 * @param api the homeserver's module API
	 * @throws ConfigError for a duration that is not positive or a {@code renew_at} not shorter
	 * than {@code period}
	 */
	public AccountExpiry(AccountExpiryConfig config, HomeserverModuleApi api) {
		config.check();
		this.config = config;
		this.api = api;
		this.store = new ExpiryStore(api);
		List<Template> templates = readTemplates(config, api);
		this.htmlTemplate = templates.get(0);
		this.textTemplate = templates.get(1);
		this.subject = config.subject(api.emailAppName());
		this.store.createTable().join();
		api.registerCachedFunction(this::expirationTs);
		api.registerAccountValidityCallbacks(this);
		api.registerWebResource(PATH, new AccountExpiryResource(this, api));
		if (config.renewAt() != null && api.shouldRunBackgroundTasks()) {
			api.loopingBackgroundCall(this::sendRenewalNotices, config.checkEvery());
		}
	}

	private static List<Template> readTemplates(AccountExpiryConfig config, HomeserverModuleApi api) {
		Path directory = (config.templateDir() != null) ? config.templateDir() : DefaultTemplates.extract();
		try {
			return api.readTemplates(DefaultTemplates.NOTICE, directory);
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigError(ex.getMessage(), List.of("template_dir"));
		}
	}

	/**
	 * Reads when a user's account expires; cached per user until it changes through this module.
	 * @param userId the user
	 * @return a future of the expiry, in milliseconds since the epoch
	 */
	@Cached
	public CompletableFuture<Long> expirationTs(String userId) {
		return this.store.expirationTs(userId, now() + this.config.period().toMillis());
	}

	@Override
	public CompletionStage<Boolean> isUserExpired(String userId) {
		return expirationTs(userId).thenApply((expirationTs) -> now() >= expirationTs);
	}

	@Override
	public CompletionStage<Void> onUserRegistration(String userId) {
		return setExpirationTs(userId, now() + this.config.period().toMillis()).thenApply((expirationTs) -> null);
	}

	@Override
	public CompletionStage<Void> onLegacySendMail(String userId) {
		return expirationTs(userId).thenCompose((expirationTs) -> sendRenewalEmail(userId, expirationTs))
			.thenApply((sent) -> null);
	}

	@Override
	public CompletionStage<@Nullable LegacyRenewal> onLegacyRenew(String renewalToken) {
		// the link carries a long token; a short code needs its user, which this link does not name
		if (!LONG_TOKEN.matcher(renewalToken).matches()) {
			return CompletableFuture.completedFuture(INVALID);
		}
		return renewWithToken(renewalToken, null);
	}

	@Override
	public CompletionStage<@Nullable Long> onLegacyAdminRequest(Map<String, Object> body) {
		Object named = body.get("user_id");
		if (named == null) {
			return CompletableFuture.failedFuture(new MatrixError(400, Codes.MISSING_PARAM, "Missing 'user_id' in the body"));
		}
		if (!(named instanceof String text) || text.isBlank()) {
			return CompletableFuture.failedFuture(new MatrixError(400, Codes.INVALID_PARAM, "'user_id' must be a user ID such as @alice:example.org"));
		}
		Object expiration = body.get("expiration_ts");
		if (expiration != null && !(expiration instanceof Number)) {
			return CompletableFuture.failedFuture(new MatrixError(400, Codes.INVALID_PARAM, "'expiration_ts' must be a timestamp in milliseconds"));
		}
		Object emails = body.getOrDefault("enable_renewal_emails", true);
		if (!(emails instanceof Boolean)) {
			return CompletableFuture.failedFuture(new MatrixError(400, Codes.INVALID_PARAM, "'enable_renewal_emails' must be true or false"));
		}
		long expirationTs = (expiration != null) ? ((Number) expiration).longValue()
				: now() + this.config.period().toMillis();
		String userId = this.api.getQualifiedUserId(text.strip());
		return this.api.checkUserExists(userId).thenCompose((found) -> {
			if (found.isEmpty()) {
				throw new MatrixError(404, Codes.NOT_FOUND, "Unknown user " + userId);
			}
			return setExpirationTs(found.get(), expirationTs, !(Boolean) emails);
		});
	}

	/**
	 * Renews a user with the code of a renewal e-mail sent with {@code send_links: false}.
	 * @param userId the authenticated user
	 * @param code the code they typed
	 * @return a future of the outcome, as for a link
	 */
	public CompletableFuture<LegacyRenewal> renewWithCode(String userId, String code) {
		if (!SHORT_TOKEN.matcher(code).matches()) {
			return CompletableFuture.completedFuture(INVALID);
		}
		return renewWithToken(code, userId);
	}

	private CompletableFuture<LegacyRenewal> renewWithToken(String token, @Nullable String userId) {
		return this.store.findToken(token, userId).thenCompose((holder) -> {
			if (holder.isEmpty()) {
				return CompletableFuture.completedFuture(INVALID);
			}
			ExpiryStore.TokenHolder found = holder.get();
			if (found.usedTs() != null) {
				return CompletableFuture.completedFuture(new LegacyRenewal(false, true, found.expirationTs()));
			}
			long expirationTs = now() + this.config.period().toMillis();
			return this.store.renewWithToken(found.userId(), token, expirationTs, now()).thenCompose((renewed) -> {
				if (!renewed) {
					// used or replaced by a concurrent request: answer as for a second use
					return renewWithToken(token, userId);
				}
				return this.api.invalidateCache(this::expirationTs, found.userId())
					.thenCompose((done) -> putNoticeQuietly(found.userId(), expirationTs, false))
					.thenApply((done) -> new LegacyRenewal(true, false, expirationTs));
			});
		});
	}

	/**
	 * Sends a renewal e-mail with a new token to each e-mail address of a user.
	 * @param userId the user
	 * @param expirationTs their expiry, for the e-mail's text
	 * @return a future of whether an e-mail was sent: {@code false} for a user without an e-mail
	 * address (the account data notice is all they get)
	 */
	CompletableFuture<Boolean> sendRenewalEmail(String userId, long expirationTs) {
		return this.api.getThreepidsForUser(userId).toCompletableFuture().thenCompose((threepids) -> {
			List<String> addresses = threepids.stream()
				.filter((threepid) -> "email".equals(threepid.get("medium")))
				.map((threepid) -> threepid.get("address"))
				.toList();
			if (addresses.isEmpty()) {
				return CompletableFuture.completedFuture(false);
			}
			String token = this.config.sendLinks() ? randomLetters(32) : randomDigits(8);
			String url = this.config.sendLinks()
					? this.api.publicBaseurl() + "_matrix/client/v1/account_validity/renew?token=" + token : null;
			return displayName(userId)
				.thenCompose((displayName) -> this.store.setRenewalToken(userId, token).thenApply((done) -> {
					Map<String, Object> variables = new HashMap<>();
					variables.put("app_name", this.api.emailAppName());
					variables.put("display_name", displayName);
					variables.put("expiration_ts", expirationTs);
					variables.put("url", url);
					variables.put("renewal_token", token);
					return variables;
				}))
				.thenCompose((variables) -> {
					String html = this.htmlTemplate.render(variables);
					String text = this.textTemplate.render(variables);
					CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
					for (String address : addresses) {
						sent = sent.thenCompose((done) -> this.api.sendMail(address, this.subject, html, text));
					}
					return sent.thenApply((done) -> true);
				});
		});
	}

	private CompletableFuture<String> displayName(String userId) {
		return this.api.getProfileForUser(userId)
			.toCompletableFuture()
			.handle((profile, failure) -> (failure == null && profile.displayName() != null) ? profile.displayName()
					: userId);
	}

	/**
	 * Extends a user's account to {@code now + period} and tells their clients.
	 * @param userId the user
	 * @return a future of the new expiry
	 */
	public CompletableFuture<Long> renew(String userId) {
		return setExpirationTs(userId, now() + this.config.period().toMillis())
			.thenCompose((expirationTs) -> putNoticeQuietly(userId, expirationTs, false).thenApply((done) -> expirationTs));
	}

	private CompletableFuture<Void> putNoticeQuietly(String userId, long expirationTs, boolean renewalDue) {
		return this.api.accountDataManager()
			.putGlobal(userId, NOTICE_TYPE, notice(expirationTs, renewalDue))
			.toCompletableFuture()
			.handle((done, failure) -> {
				if (failure != null) {
					logger.warn("Module '" + this.api.moduleName() + "' renewed " + userId
							+ " but could not update their account data " + NOTICE_TYPE, failure);
				}
				return null;
			});
	}

	/**
	 * Expires a user's account now.
	 * @param userId the user
	 * @return a future of the new expiry (now)
	 */
	public CompletableFuture<Long> expire(String userId) {
		return setExpirationTs(userId, now());
	}

	/**
	 * Describes a user's account validity.
	 * @param userId the user
	 * @return a future of {@code user_id}, {@code expiration_ts}, {@code expired} and
	 * {@code renewal_due}
	 */
	public CompletableFuture<Map<String, Object>> status(String userId) {
		return expirationTs(userId).thenApply((expirationTs) -> Map.of("user_id", userId, "expiration_ts",
				expirationTs, "expired", now() >= expirationTs, "renewal_due", renewalDue(expirationTs)));
	}

	/**
	 * Tells every user whose account expires within {@code renew_at} and who was not told yet.
	 * A user who cannot be told is tried again on the next run.
	 */
	void sendRenewalNotices() {
		long deadline = now() + this.config.renewAt().toMillis();
		int failed = 0;
		List<ExpiryStore.Expiry> due;
		int sent;
		do {
			due = this.store.dueForNotice(deadline).join();
			sent = 0;
			for (ExpiryStore.Expiry expiry : due) {
				try {
					sendRenewalNotice(expiry);
					sent++;
				}
				catch (RuntimeException ex) {
					if (failed++ == 0) {
						logger.warn("Module '" + this.api.moduleName() + "' could not send a renewal notice to "
								+ expiry.userId() + "; it tries again in "
								+ AccountExpiryConfig.format(this.config.checkEvery()), ex);
					}
				}
			}
		}
		while (sent > 0 && sent == due.size());
		if (failed > 1) {
			logger.warn("Module '" + this.api.moduleName() + "' could not send " + (failed - 1)
					+ " more renewal notices (the first failure is logged above)");
		}
	}

	private void sendRenewalNotice(ExpiryStore.Expiry expiry) {
		putNotice(expiry.userId(), expiry.expirationTs());
		sendRenewalEmail(expiry.userId(), expiry.expirationTs()).join();
		if (!this.store.markNoticeSent(expiry).join()) {
			// renewed meanwhile: the renewal's own notice may have been written before this one
			this.store.storedExpirationTs(expiry.userId())
				.join()
				.ifPresent((expirationTs) -> putNotice(expiry.userId(), expirationTs));
		}
	}

	private void putNotice(String userId, long expirationTs) {
		this.api.accountDataManager()
			.putGlobal(userId, NOTICE_TYPE, notice(expirationTs, renewalDue(expirationTs)))
			.toCompletableFuture()
			.join();
	}

	private boolean renewalDue(long expirationTs) {
		return this.config.renewAt() != null && expirationTs - now() <= this.config.renewAt().toMillis();
	}

	private CompletableFuture<Long> setExpirationTs(String userId, long expirationTs) {
		return setExpirationTs(userId, expirationTs, false);
	}

	private CompletableFuture<Long> setExpirationTs(String userId, long expirationTs, boolean noticeSent) {
		return this.store.setExpirationTs(userId, expirationTs, noticeSent)
			.thenCompose((done) -> this.api.invalidateCache(this::expirationTs, userId))
			.thenApply((done) -> expirationTs);
	}

	private static Map<String, Object> notice(long expirationTs, boolean renewalDue) {
		return Map.of("expiration_ts", expirationTs, "renewal_due", renewalDue, "renew_url", PATH + "/renew");
	}

	private static String randomLetters(int length) {
		String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(letters.charAt(RANDOM.nextInt(letters.length())));
		}
		return token.toString();
	}

	private static String randomDigits(int length) {
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append((char) ('0' + RANDOM.nextInt(10)));
		}
		return token.toString();
	}

	private long now() {
		return this.api.currentTimeMillis();
	}

}

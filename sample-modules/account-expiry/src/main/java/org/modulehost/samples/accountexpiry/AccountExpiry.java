package org.modulehost.samples.accountexpiry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.api.Cached;
import org.modulehost.api.ConfigError;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;

/**
 * Expires accounts a configured {@code period} after their registration or their last renewal,
 * after matrix-org/synapse-email-account-validity (without e-mail).
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
 * tasks) tells users whose account expires within {@code renew_at} to renew, through the account
 * data {@value #NOTICE_TYPE} their clients receive, where the original module sends an
 * e-mail.</li>
 * </ul>
 *
 * <pre>{@code
 * modules:
 *   - module: org.modulehost.samples.accountexpiry.AccountExpiry
 *     config:
 *       period: 30d        # required
 *       renew_at: 7d       # optional: send renewal notices this long before expiry
 *       check_every: 30m   # optional: how often to look for accounts to notify
 * }</pre>
 */
public class AccountExpiry implements AccountValidityCallbacks {

	/** Where the module's web resource is mounted. */
	public static final String PATH = "/_synapse/client/account_expiry";

	/** The account data type of renewal notices. */
	public static final String NOTICE_TYPE = "org.modulehost.account_expiry";

	private static final Log logger = LogFactory.getLog(AccountExpiry.class);

	private final AccountExpiryConfig config;

	private final HomeserverModuleApi api;

	private final ExpiryStore store;

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
		this.store.createTable().join();
		api.registerCachedFunction(this::expirationTs);
		api.registerAccountValidityCallbacks(this);
		api.registerWebResource(PATH, new AccountExpiryResource(this, api));
		if (config.renewAt() != null && api.shouldRunBackgroundTasks()) {
			api.loopingBackgroundCall(this::sendRenewalNotices, config.checkEvery());
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

	/**
	 * Extends a user's account to {@code now + period} and tells their clients.
	 * @param userId the user
	 * @return a future of the new expiry
	 */
	public CompletableFuture<Long> renew(String userId) {
		return setExpirationTs(userId, now() + this.config.period().toMillis()).thenCompose((expirationTs) -> this.api
			.accountDataManager()
			.putGlobal(userId, NOTICE_TYPE, notice(expirationTs, false))
			.handle((done, failure) -> {
				if (failure != null) {
					logger.warn("Module '" + this.api.moduleName() + "' renewed " + userId
							+ " but could not update their account data " + NOTICE_TYPE, failure);
				}
				return expirationTs;
			}));
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
		return this.store.setExpirationTs(userId, expirationTs)
			.thenCompose((done) -> this.api.invalidateCache(this::expirationTs, userId))
			.thenApply((done) -> expirationTs);
	}

	private static Map<String, Object> notice(long expirationTs, boolean renewalDue) {
		return Map.of("expiration_ts", expirationTs, "renewal_due", renewalDue, "renew_url", PATH + "/renew");
	}

	private long now() {
		return this.api.currentTimeMillis();
	}

}

package org.modulehost.homeserver.users;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.EmailProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.email.Mailer;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.AccessTokens;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;

/**
 * Third-party identifiers (medium {@code email}), as Synapse keeps them: validation e-mails
 * ({@code requestToken}), following their links, and the identifiers of local users, with the
 * {@code ThirdPartyRulesCallbacks} that hear of additions and removals. Sessions and tokens are in
 * the database, so any instance accepts a link another one mailed.
 */
public final class Threepids {

	private static final Log logger = LogFactory.getLog(Threepids.class);

	/** The e-mail medium, the only one this server validates. */
	public static final String EMAIL = "email";

	static final String THREEPID_IN_USE = "M_THREEPID_IN_USE";

	static final String THREEPID_AUTH_FAILED = "M_THREEPID_AUTH_FAILED";

	static final String THREEPID_DENIED = "M_THREEPID_DENIED";

	private static final Pattern CLIENT_SECRET = Pattern.compile("[0-9a-zA-Z.=_\\-]{1,255}");

	/** What a validation session is for; each has its e-mail templates and link. */
	enum Purpose {

		REGISTRATION("registration", "registration", "_matrix/client/unstable/registration/email/submit_token",
				"Confirm your e-mail address"),

		ADD("add", "add_threepid", "_matrix/client/unstable/add_threepid/email/submit_token",
				"Confirm your e-mail address"),

		PASSWORD("password", "password_reset", "_synapse/client/password_reset/email/submit_token",
				"Reset your password");

		final String key;

		final String template;

		final String path;

		final String subject;

		Purpose(String key, String template, String path, String subject) {
			this.key = key;
			this.template = template;
			this.path = path;
			this.subject = subject;
		}

	}

	private final ThreepidStore store;

	private final Mailer mailer;

	private final EmailTemplates templates;

	private final Callbacks callbacks;

	private final Accounts accounts;

	private final Clock clock;

	private final Duration tokenLifetime;

	private final Supplier<String> publicBaseurl;

	private final Ratelimiter perAddress;

	private final Ratelimiter perIp;

	/**
	 * Creates the service.
	 * @param store the storage
	 * @param mailer sends the e-mails
	 * @param templates the e-mail templates
	 * @param callbacks the callback dispatchers
	 * @param accounts the accounts
	 * @param properties the e-mail settings
	 * @param clock the clock
	 * @param publicBaseurl the URL clients reach this server at, ending with {@code /}
	 */
	public Threepids(ThreepidStore store, Mailer mailer, EmailTemplates templates, Callbacks callbacks,
			Accounts accounts, EmailProperties properties, Clock clock, Supplier<String> publicBaseurl) {
		this.store = store;
		this.mailer = mailer;
		this.templates = templates;
		this.callbacks = callbacks;
		this.accounts = accounts;
		this.clock = clock;
		this.tokenLifetime = properties.getValidationTokenLifetime();
		this.publicBaseurl = publicBaseurl;
		this.perAddress = Ratelimiter.fixed("rc_3pid_validation", properties.getRatelimit(), clock);
		this.perIp = Ratelimiter.fixed("rc_3pid_validation", properties.getRatelimit(), clock);
	}

	/**
	 * The application name of e-mails and pages.
	 * @return the name
	 */
	String appName() {
		return this.mailer.appName();
	}

	/**
	 * Whether this server validates e-mail addresses (e-mail is enabled).
	 * @return {@code true} when it does
	 */
	public boolean enabled() {
		return this.mailer.enabled();
	}

	/**
	 * An e-mail address in canonical form, as Synapse's {@code canonicalise_email}: trimmed, the
	 * whole address in lower case.
	 * @param address the address
	 * @return the canonical address
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} when it is not an address
	 */
	public static String canonicalEmail(String address) {
		String trimmed = address.strip();
		Mailer.parseAddress(trimmed);
		if (trimmed.indexOf('@') != trimmed.lastIndexOf('@')) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unable to parse email address");
		}
		return trimmed.toLowerCase(Locale.ROOT);
	}

	static void requireClientSecret(String clientSecret) {
		if (!CLIENT_SECRET.matcher(clientSecret).matches()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid client_secret parameter");
		}
	}

	/**
	 * Handles a {@code requestToken}: checks the rate limits, then sends a validation e-mail
	 * unless the client already has a session for the address with this or a later
	 * {@code send_attempt} (then answers that session without sending again). The session is
	 * stored only once the mail server accepted the e-mail.
	 * @param purpose what the session validates for
	 * @param clientSecret the client's secret
	 * @param address the canonical address
	 * @param sendAttempt the client's send attempt
	 * @param nextLink where the link sends the browser afterwards, or {@code null}
	 * @param ip the client's address
	 * @return a stage of the session ID; failed with 500 {@code M_UNKNOWN} when the e-mail could
	 * not be sent
	 */
	CompletionStage<String> requestToken(Purpose purpose, String clientSecret, String address, long sendAttempt,
			@Nullable String nextLink, String ip) {
		long now = this.clock.millis();
		this.store.deleteExpired(now);
		Optional<ThreepidStore.Session> pending = this.store.pending(clientSecret, EMAIL, address, purpose.key, now);
		if (pending.isPresent() && sendAttempt <= pending.get().sendAttempt()) {
			return CompletableFuture.completedFuture(pending.get().sid());
		}
		String sid = pending.map(ThreepidStore.Session::sid).orElseGet(() -> Identifiers.newSecret(""));
		String token = Identifiers.newSecret("");
		String link = this.publicBaseurl.get() + purpose.path + "?token=" + token + "&client_secret=" + clientSecret
				+ "&sid=" + sid;
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("link", link);
		variables.put("app_name", this.mailer.appName());
		variables.put("server_name", this.accounts.serverName());
		String html = this.templates.read(purpose.template + ".html").render(variables);
		String text = this.templates.read(purpose.template + ".txt").render(variables);
		String subject = "[" + this.accounts.serverName() + "] " + purpose.subject;
		ThreepidStore.Session session = new ThreepidStore.Session(sid, clientSecret, EMAIL, address, purpose.key,
				sendAttempt, nextLink, null, now + this.tokenLifetime.toMillis());
		return this.mailer.send(address, subject, html, text).handle((sent, failure) -> {
			if (failure != null) {
				logger.warn("Could not send the validation e-mail: " + failure.getMessage());
				throw new MatrixError(500, Codes.UNKNOWN,
						"The homeserver could not send e-mail to the address: try again later");
			}
			this.store.save(session, AccessTokens.hash(token));
			return sid;
		});
	}

	/**
	 * Answers a session ID that exists nowhere, after a short random delay, for a
	 * {@code requestToken} that must not tell whether the address is known.
	 * @return a stage of the made-up session ID
	 */
	static CompletionStage<String> fakeSid() {
		long delay = ThreadLocalRandom.current().nextLong(100, 1000);
		return CompletableFuture.supplyAsync(() -> Identifiers.newSecret(""),
				CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
	}

	/**
	 * Checks the rate limits of {@code requestToken} (Synapse's {@code rc_3pid_validation}, per
	 * client address and per e-mail address).
	 * @param address the canonical address
	 * @param ip the client's address
	 */
	void ratelimit(String address, String ip) {
		this.perIp.check(EMAIL + ":" + ip);
		this.perAddress.check(EMAIL + ":" + address);
	}

	/**
	 * Follows the link of a validation e-mail: validates the session, once.
	 * @param purpose what the link is for
	 * @param sid the session ID
	 * @param clientSecret the client's secret
	 * @param token the token
	 * @return the validated session
	 * @throws MatrixError 400 {@code M_THREEPID_AUTH_FAILED} for an unknown, expired or used
	 * token
	 */
	ThreepidStore.Session submitToken(Purpose purpose, String sid, String clientSecret, String token) {
		long now = this.clock.millis();
		ThreepidStore.Session session = this.store
			.validate(sid, clientSecret, AccessTokens.hash(token), now, now + this.tokenLifetime.toMillis())
			.orElseThrow(() -> new MatrixError(400, THREEPID_AUTH_FAILED,
					"This link is unknown, was already used or has expired: please request a new one"));
		if (!session.purpose().equals(purpose.key)) {
			throw new MatrixError(400, THREEPID_AUTH_FAILED, "This link is not for this page");
		}
		return session;
	}

	/**
	 * The validated session a client names ({@code sid} and {@code client_secret}), not yet used.
	 * @param purpose what it must have validated for
	 * @param sid the session ID
	 * @param clientSecret the client's secret
	 * @return the session
	 * @throws MatrixError 400 {@code M_THREEPID_AUTH_FAILED} when there is none
	 */
	ThreepidStore.Session validated(Purpose purpose, String sid, String clientSecret) {
		return this.store.session(sid)
			.filter((session) -> session.clientSecret().equals(clientSecret) && session.validatedAt() != null
					&& session.purpose().equals(purpose.key) && session.expiryTs() > this.clock.millis())
			.orElseThrow(() -> new MatrixError(400, THREEPID_AUTH_FAILED, "No validated 3pid session found"));
	}

	/**
	 * Uses a validated session up, so it authorises one operation only.
	 * @param session the session
	 * @throws MatrixError 400 {@code M_THREEPID_AUTH_FAILED} when another request used it first
	 */
	void use(ThreepidStore.Session session) {
		if (!this.store.delete(session.sid())) {
			throw new MatrixError(400, THREEPID_AUTH_FAILED, "No validated 3pid session found");
		}
	}

	/**
	 * The identifiers of a user.
	 * @param userId the user
	 * @return the identifiers, in the order they were added
	 */
	public List<ThreepidStore.Threepid> threepids(String userId) {
		return this.store.threepids(userId);
	}

	/**
	 * The user an e-mail address belongs to.
	 * @param address the canonical address
	 * @return the user
	 */
	public Optional<String> userFor(String address) {
		return this.store.userFor(EMAIL, address);
	}

	/**
	 * Adds an e-mail address to a user, then tells the modules
	 * ({@code onAddUserThirdPartyIdentifier}).
	 * @param userId the user
	 * @param address the canonical address
	 * @param validatedAt when it was validated
	 * @throws MatrixError 400 {@code M_THREEPID_IN_USE} when it belongs to someone already
	 */
	public void add(String userId, String address, long validatedAt) {
		if (!this.store.add(userId, new ThreepidStore.Threepid(EMAIL, address, validatedAt, this.clock.millis()))) {
			throw new MatrixError(400, THREEPID_IN_USE, "Email is already in use");
		}
		tellAdded(userId, address);
	}

	void tellAdded(String userId, String address) {
		Await.join(this.callbacks.thirdPartyRules().onAddUserThirdPartyIdentifier(userId, EMAIL, address));
	}

	/**
	 * Removes an identifier from a user, then tells the modules
	 * ({@code onRemoveUserThirdPartyIdentifier}).
	 * @param userId the user
	 * @param medium the medium
	 * @param address the canonical address
	 * @return whether the user had it
	 */
	public boolean remove(String userId, String medium, String address) {
		if (!this.store.remove(userId, medium, address)) {
			return false;
		}
		Await.join(this.callbacks.thirdPartyRules().onRemoveUserThirdPartyIdentifier(userId, medium, address));
		return true;
	}

	/**
	 * Removes every identifier of a user (its deactivation), telling the modules of each.
	 * @param userId the user
	 */
	public void removeAll(String userId) {
		for (ThreepidStore.Threepid threepid : this.store.threepids(userId)) {
			remove(userId, threepid.medium(), threepid.address());
		}
	}

	/**
	 * Checks with the password auth providers whether an address may be used
	 * ({@code is3pidAllowed}).
	 * @param address the canonical address
	 * @param registration whether it is used to register
	 * @throws MatrixError 403 {@code M_THREEPID_DENIED} when a module refuses
	 */
	void requireAllowed(String address, boolean registration) {
		Boolean allowed = Await.callback(this.callbacks.passwordAuthProvider().is3pidAllowed(EMAIL, address, registration),
				"is3pidAllowed");
		if (Boolean.FALSE.equals(allowed)) {
			throw new MatrixError(403, THREEPID_DENIED,
					registration ? "Your email is not authorized to register on this server"
							: "Your email is not authorized on this server");
		}
	}

}

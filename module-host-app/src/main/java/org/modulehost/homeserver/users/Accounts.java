package org.modulehost.homeserver.users;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.AccessTokens;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.TokenRecord;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Local accounts: creating them, checking passwords, issuing and revoking access tokens.
 */
public final class Accounts {

	private static final Log logger = LogFactory.getLog(Accounts.class);

	private final AccountStore store;

	private final Callbacks callbacks;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final String serverName;

	private final Set<String> admins;

	/**
	 * Creates the service.
	 * @param store the accounts' storage
	 * @param callbacks the callback dispatchers
	 * @param passwords the password hasher
	 * @param clock the clock
	 * @param serverName this server's name
	 * @param admins the configured administrators, as localparts or user IDs
	 */
	public Accounts(AccountStore store, Callbacks callbacks, PasswordEncoder passwords, Clock clock, String serverName,
			List<String> admins) {
		this.store = store;
		this.callbacks = callbacks;
		this.passwords = passwords;
		this.clock = clock;
		this.serverName = serverName;
		this.admins = admins.stream().map(this::qualify).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Returns this server's name.
	 * @return the server name
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * Turns a localpart into a user ID of this server.
	 * @param localpartOrUserId a localpart or a user ID
	 * @return the user ID
	 */
	public String qualify(String localpartOrUserId) {
		return localpartOrUserId.startsWith("@") ? localpartOrUserId : "@" + localpartOrUserId + ":" + this.serverName;
	}

	/**
	 * Tells whether a user ID belongs to this server.
	 * @param userId the user ID
	 * @return whether its server name is this server's
	 */
	public boolean isMine(String userId) {
		return userId.startsWith("@") && Identifiers.serverOf(userId).equals(this.serverName);
	}

	/**
	 * Reads an account.
	 * @param userId the user
	 * @return the account, or empty if there is none
	 */
	public Optional<UserRecord> user(String userId) {
		return this.store.user(userId);
	}

	/**
	 * Finds an account by its user ID in any case.
	 * @param userId the user ID
	 * @return the account, or empty
	 */
	public Optional<UserRecord> findIgnoringCase(String userId) {
		return this.store.findUserIgnoringCase(userId);
	}

	/**
	 * Tells whether a user is a server administrator.
	 * @param userId the user
	 * @return whether the user is an administrator
	 */
	public boolean isAdmin(String userId) {
		return this.store.user(userId).map(UserRecord::admin).orElse(false);
	}

	/**
	 * Tells whether a user is shadow-banned.
	 * @param userId the user
	 * @return whether the user is shadow-banned
	 */
	public boolean isShadowBanned(String userId) {
		return this.store.user(userId).map(UserRecord::shadowBanned).orElse(false);
	}

	/**
	 * Checks that a localpart may be registered and is free.
	 * @param localpart the localpart
	 * @return the user ID
	 * @throws MatrixError 400 {@code M_INVALID_USERNAME} or {@code M_USER_IN_USE}
	 */
	public String checkAvailable(String localpart) {
		String userId = validLocalpart(localpart);
		if (this.store.findUserIgnoringCase(userId).isPresent()) {
			throw new MatrixError(400, Codes.USER_IN_USE, "User ID already taken.");
		}
		return userId;
	}

	private String validLocalpart(String localpart) {
		if (localpart.isEmpty() || !Identifiers.isValidNewLocalpart(localpart)) {
			throw new MatrixError(400, Codes.INVALID_USERNAME,
					"User ID can only contain characters a-z, 0-9, or '=_-./+'");
		}
		String userId = "@" + localpart + ":" + this.serverName;
		if (userId.length() > 255) {
			throw new MatrixError(400, Codes.INVALID_USERNAME, "User ID may not be longer than 255 characters");
		}
		return userId;
	}

	/**
	 * Creates an account and calls {@code AccountValidityCallbacks.onUserRegistration}.
	 * @param localpart the localpart
	 * @param password the password, or {@code null} for an account that cannot log in with one
	 * @param displayName the display name, or {@code null} for the localpart
	 * @param admin whether the user is an administrator (configured administrators always are)
	 * @param shadowBanned whether the user is shadow-banned
	 * @return the user ID
	 * @throws MatrixError 400 {@code M_INVALID_USERNAME} or {@code M_USER_IN_USE}
	 */
	public String register(String localpart, @Nullable String password, @Nullable String displayName, boolean admin,
			boolean shadowBanned) {
		return create(localpart, () -> (password != null) ? hashPassword(password) : null, displayName, admin,
				shadowBanned);
	}

	/**
	 * Creates an account whose password was hashed earlier (by {@link #hashPassword}), and calls
	 * {@code AccountValidityCallbacks.onUserRegistration}.
	 * @param localpart the localpart
	 * @param passwordHash the password's hash, or {@code null} for an account that cannot log in
	 * with a password
	 * @param displayName the display name, or {@code null} for the localpart
	 * @param admin whether the user is an administrator (configured administrators always are)
	 * @param shadowBanned whether the user is shadow-banned
	 * @return the user ID
	 * @throws MatrixError 400 {@code M_INVALID_USERNAME} or {@code M_USER_IN_USE}
	 */
	public String registerWithPasswordHash(String localpart, @Nullable String passwordHash,
			@Nullable String displayName, boolean admin, boolean shadowBanned) {
		return create(localpart, () -> passwordHash, displayName, admin, shadowBanned);
	}

	/**
	 * Hashes a password as stored passwords are.
	 * @param password the password
	 * @return its hash
	 */
	public String hashPassword(String password) {
		return this.passwords.encode(password);
	}

	private String create(String localpart, Supplier<@Nullable String> passwordHash, @Nullable String displayName,
			boolean admin, boolean shadowBanned) {
		String userId = validLocalpart(localpart);
		String hash = passwordHash.get();
		UserRecord user = new UserRecord(userId, hash, admin || this.admins.contains(userId), false, shadowBanned,
				this.clock.millis(), (displayName != null) ? displayName : localpart, null);
		if (!this.store.createUser(user)) {
			throw new MatrixError(400, Codes.USER_IN_USE, "User ID already taken.");
		}
		logger.info("Registered " + userId + (user.admin() ? " (administrator)" : "")
				+ (shadowBanned ? " (shadow-banned)" : ""));
		Await.callback(this.callbacks.accountValidity().onUserRegistration(userId), "onUserRegistration");
		return userId;
	}

	/**
	 * Makes the configured administrators administrators, for accounts that exist.
	 */
	public void applyConfiguredAdmins() {
		for (String admin : this.admins) {
			this.store.user(admin).filter((user) -> !user.admin()).ifPresent((user) -> {
				this.store.setAdmin(admin, true);
				logger.info("Made " + admin + " a server administrator (homeserver.admins)");
			});
		}
	}

	/**
	 * Checks a user's password against the local password store.
	 * @param userId the user
	 * @param password the password
	 * @return whether the account exists, has a password, and it matches
	 */
	public boolean checkPassword(String userId, String password) {
		Optional<UserRecord> user = this.store.user(userId);
		return user.isPresent() && user.get().passwordHash() != null
				&& this.passwords.matches(password, user.get().passwordHash());
	}

	/**
	 * Issues an access token for a device, creating the device if needed.
	 * @param userId the user
	 * @param deviceId the device, or {@code null} for a new one
	 * @param deviceDisplayName the device's display name, if given
	 * @return the login's outcome
	 */
	public LoginResponse issueToken(String userId, @Nullable String deviceId, @Nullable String deviceDisplayName) {
		String device = (deviceId != null) ? deviceId : Identifiers.newDeviceId();
		String token = Identifiers.newSecret("mht_");
		this.store.issueToken(new TokenRecord(token, userId, device), deviceDisplayName, this.clock.millis());
		return new LoginResponse(userId, token, device);
	}

	/**
	 * Logs one device out and calls {@code PasswordAuthProviderCallbacks.onLoggedOut}.
	 * @param token the access token of the device
	 */
	public void logout(TokenRecord token) {
		this.store.deleteDevice(token);
		try {
			Await.join(this.callbacks.passwordAuthProvider().onLoggedOut(token.userId(), token.deviceId(),
					token.token()));
		}
		catch (RuntimeException ex) {
			logger.warn("onLoggedOut failed for " + token.userId() + "; the logout stands", ex);
		}
	}

	/**
	 * Logs every device of a user out, calling {@code onLoggedOut} for each access token: with
	 * the token the client presented for its own device, and with the stored hash for the
	 * others, whose tokens this server does not keep in clear.
	 * @param presented the access token of the request, as presented
	 */
	public void logoutAll(TokenRecord presented) {
		String presentedHash = AccessTokens.hash(presented.token());
		for (TokenRecord token : this.store.tokensOf(presented.userId())) {
			logout(token.token().equals(presentedHash) ? presented : token);
		}
	}

}

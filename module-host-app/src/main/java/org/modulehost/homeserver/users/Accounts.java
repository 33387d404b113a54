package org.modulehost.homeserver.users;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

	/** The most bytes of a password bcrypt reads; it refuses (or, elsewhere, ignores) the rest. */
	static final int MAX_PASSWORD_BYTES = 72;

	private final AccountStore store;

	private final Callbacks callbacks;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final String serverName;

	private final Set<String> admins;

	/**
	 * A hash of no one's password, made as stored ones are: a failed login for a user without one
	 * costs the same one comparison as for a user with one, so its time does not tell whether the
	 * user exists. Made on first use, not at start-up.
	 */
	private volatile @Nullable String dummyHash;

	private final List<DeviceListener> deviceListeners = new CopyOnWriteArrayList<>();

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
	 * Adds a listener told of devices signing in and being deleted.
	 * @param listener the listener; called on the request's thread after the change is stored
	 */
	public void addDeviceListener(DeviceListener listener) {
		this.deviceListeners.add(listener);
	}

	private void tellListeners(Consumer<DeviceListener> call, String what) {
		for (DeviceListener listener : this.deviceListeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A device listener failed after " + what + "; the change stands", ex);
			}
		}
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
	 * @throws MatrixError 400 {@code M_INVALID_USERNAME} or {@code M_USER_IN_USE}, 400
	 * {@code M_INVALID_PARAM} for a password too long to hash
	 */
	public String register(String localpart, @Nullable String password, @Nullable String displayName, boolean admin,
			boolean shadowBanned) {
		if (password != null) {
			requireHashablePassword(password);
		}
		return create(localpart, () -> (password != null) ? hashPassword(password) : null, displayName, admin,
				shadowBanned);
	}

	/**
	 * Refuses a password that bcrypt cannot hash whole: more than 72 bytes in UTF-8.
	 * @param password the password
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} if it is too long
	 */
	public static void requireHashablePassword(String password) {
		if (tooLongToHash(password)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Password too long: at most " + MAX_PASSWORD_BYTES
					+ " bytes in UTF-8 (" + MAX_PASSWORD_BYTES + " ASCII characters, fewer with accents or emoji)");
		}
	}

	private static boolean tooLongToHash(String password) {
		// A UTF-16 unit is at most 3 UTF-8 bytes: only long strings need encoding.
		return password.length() > MAX_PASSWORD_BYTES / 3
				&& password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
	}

	private String hashPassword(String password) {
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
	 * Sets a user's password, as an administrator does (Synapse's {@code set_password}),
	 * optionally logging every device out ({@code onLoggedOut} for each access token).
	 * @param userId the user
	 * @param password the new password
	 * @param logoutDevices whether every device of the user is logged out
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a password too long to hash
	 */
	public void setPassword(String userId, String password, boolean logoutDevices) {
		requireHashablePassword(password);
		this.store.setPasswordHash(userId, hashPassword(password));
		if (logoutDevices) {
			deleteDevices(userId, this.store.devices(userId).stream().map((device) -> device.deviceId()).toList());
		}
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
	 * Checks a password login against the local password store, at the cost of one password
	 * comparison whether the user exists or not: the user as given, or else the one user whose
	 * ID matches ignoring case. A user who does not exist or has no password, and a password too
	 * long to hash, are compared with a hash of no one's password, so that the time a failed login
	 * takes does not tell whether the user exists.
	 * @param userId the user ID as given
	 * @param password the password
	 * @return the user ID of the account whose password it is, or empty
	 */
	public Optional<String> checkPassword(String userId, String password) {
		Optional<UserRecord> user = this.store.user(userId).or(() -> findIgnoringCase(userId));
		String hash = user.map(UserRecord::passwordHash).orElse(null);
		if (hash == null || tooLongToHash(password)) {
			this.passwords.matches("not the password", dummyHash());
			return Optional.empty();
		}
		return this.passwords.matches(password, hash) ? user.map(UserRecord::userId) : Optional.empty();
	}

	private String dummyHash() {
		String hash = this.dummyHash;
		if (hash == null) {
			hash = this.passwords.encode(Identifiers.newSecret("dummy_"));
			this.dummyHash = hash;
		}
		return hash;
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
		tellListeners((listener) -> listener.deviceSignedIn(userId, device), "a sign-in");
		return new LoginResponse(userId, token, device);
	}

	/**
	 * Logs one device out and calls {@code PasswordAuthProviderCallbacks.onLoggedOut}.
	 * @param token the access token of the device
	 */
	public void logout(TokenRecord token) {
		this.store.deleteDevice(token);
		tellListeners((listener) -> listener.deviceDeleted(token.userId(), token.deviceId()), "a logout");
		try {
			Await.join(this.callbacks.passwordAuthProvider().onLoggedOut(token.userId(), token.deviceId(),
					token.token()));
		}
		catch (RuntimeException ex) {
			logger.warn("onLoggedOut failed for " + token.userId() + "; the logout stands", ex);
		}
	}

	/**
	 * Deletes devices of a user, logging each out as {@link #logout} does (with the stored hash of
	 * each access token, as {@link #logoutAll} does for the devices other than the requester's).
	 * Devices the user does not have are ignored.
	 * @param userId the user
	 * @param deviceIds the devices
	 */
	public void deleteDevices(String userId, Collection<String> deviceIds) {
		Set<String> ids = new HashSet<>(deviceIds);
		for (TokenRecord token : this.store.tokensOf(userId)) {
			if (ids.remove(token.deviceId())) {
				logout(token);
			}
		}
		for (String deviceId : ids) {
			if (this.store.device(userId, deviceId).isPresent()) {
				this.store.deleteDeviceRow(userId, deviceId);
				tellListeners((listener) -> listener.deviceDeleted(userId, deviceId), "a device deletion");
			}
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

	/**
	 * What is told of a user's devices, for the state kept per device elsewhere (encryption
	 * keys, to-device messages).
	 */
	public interface DeviceListener {

		/**
		 * A device signed in: it is new, or got a new access token.
		 * @param userId the user
		 * @param deviceId the device
		 */
		void deviceSignedIn(String userId, String deviceId);

		/**
		 * A device was logged out or deleted.
		 * @param userId the user
		 * @param deviceId the device
		 */
		void deviceDeleted(String userId, String deviceId);

	}

}

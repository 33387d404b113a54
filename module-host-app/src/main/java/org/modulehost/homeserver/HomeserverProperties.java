package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the reference homeserver.
 */
@ConfigurationProperties("homeserver")
public class HomeserverProperties {

	/** Server name: the part after the colon in this server's user IDs, room IDs and aliases. */
	private String serverName = "localhost";

	/** Users who are server administrators, as localparts or user IDs; applied at start-up and on registration. */
	private List<String> admins = new ArrayList<>();

	/** URL clients reach this server's client API at, answered by /.well-known/matrix/client; unset: http://localhost:<server port>/. */
	private @Nullable String publicBaseurl;

	private final Registration registration = new Registration();

	private final Passwords passwords = new Passwords();

	private final Ratelimit ratelimit = new Ratelimit();

	private final Sync sync = new Sync();

	private final ModuleNotifications moduleNotifications = new ModuleNotifications();

	private final UserDirectory userDirectory = new UserDirectory();

	private final Limits limits = new Limits();

	private final Transactions transactions = new Transactions();

	private final E2ee e2ee = new E2ee();
	private final Presence presence = new Presence();

	private final Typing typing = new Typing();

	private final Http http = new Http();

	public String getServerName() {
		return this.serverName;
	}

	public void setServerName(String serverName) {
		this.serverName = serverName;
	}

	public List<String> getAdmins() {
		return this.admins;
	}

	public void setAdmins(List<String> admins) {
		this.admins = admins;
	}

	public @Nullable String getPublicBaseurl() {
		return this.publicBaseurl;
	}

	public void setPublicBaseurl(@Nullable String publicBaseurl) {
		this.publicBaseurl = publicBaseurl;
	}

	/**
	 * The URL clients reach this server at, ending with {@code /}: {@code public-baseurl} when
	 * set, else {@code http://localhost:<the running port>/} (read when asked, since the port is
	 * known only once the server runs).
	 * @param environment where the running port is published ({@code local.server.port})
	 * @return a supplier of the URL
	 */
	public Supplier<String> publicBaseurlOrLocal(Environment environment) {
		String configured = this.publicBaseurl;
		return () -> (configured != null && !configured.isBlank())
				? (configured.endsWith("/") ? configured : configured + "/")
				: "http://localhost:" + environment.getProperty("local.server.port", "8008") + "/";
	}

	public Registration getRegistration() {
		return this.registration;
	}

	public Passwords getPasswords() {
		return this.passwords;
	}

	public Ratelimit getRatelimit() {
		return this.ratelimit;
	}

	public Sync getSync() {
		return this.sync;
	}

	public UserDirectory getUserDirectory() {
		return this.userDirectory;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public ModuleNotifications getModuleNotifications() {
		return this.moduleNotifications;
	}

	public E2ee getE2ee() {
		return this.e2ee;
	}

	public Presence getPresence() {
		return this.presence;
	}

	public Typing getTyping() {
		return this.typing;
	}

	public Http getHttp() {
		return this.http;
	}

	public Transactions getTransactions() {
		return this.transactions;
	}

	/**
	 * Registration settings.
	 */
	public static class Registration {

		/** Whether anyone may register an account through the client API (Synapse's enable_registration). */
		private boolean enabled;

		/**
		 * Whether open registration may go without any verification stage (only m.login.dummy);
		 * required with enabled, as Synapse's enable_registration_without_verification.
		 */
		private boolean allowWithoutVerification;

		/** Shared secret of the admin registration API (/_synapse/admin/v1/register); unset disables it. */
		private @Nullable String sharedSecret;

		/** How long an unfinished registration (its user-interactive authentication session) is kept after its last request. */
		private Duration sessionLifetime = Duration.ofHours(1);

		/** Whether registering needs an e-mail address validated by its link (the m.login.email.identity stage); needs homeserver.email.enabled. */
		private boolean requireEmail;

		public boolean isRequireEmail() {
			return this.requireEmail;
		}

		public void setRequireEmail(boolean requireEmail) {
			this.requireEmail = requireEmail;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAllowWithoutVerification() {
			return this.allowWithoutVerification;
		}

		public void setAllowWithoutVerification(boolean allowWithoutVerification) {
			this.allowWithoutVerification = allowWithoutVerification;
		}

		public @Nullable String getSharedSecret() {
			return this.sharedSecret;
		}

		public void setSharedSecret(@Nullable String sharedSecret) {
			this.sharedSecret = sharedSecret;
		}

		public Duration getSessionLifetime() {
			return this.sessionLifetime;
		}

		public void setSessionLifetime(Duration sessionLifetime) {
			this.sessionLifetime = sessionLifetime;
		}

	}

	/**
	 * Password storage settings.
	 */
	public static class Passwords {

		/** Log2 of the bcrypt work factor for stored passwords (4 to 31). */
		private int bcryptRounds = 12;

		public int getBcryptRounds() {
			return this.bcryptRounds;
		}

		public void setBcryptRounds(int bcryptRounds) {
			this.bcryptRounds = bcryptRounds;
		}

	}

	/**
	 * Rate limits, per user or per client address, with Synapse's defaults.
	 */
	public static class Ratelimit {

		/** Limit of events a user sends (Synapse's rc_message). */
		private final Limit message = new Limit(0.2, 10);

		/** Limit of invites a user sends (Synapse's rc_invites.per_user). */
		private final Limit invites = new Limit(0.003, 5);

		/** Limit of invites sent into one room, by anyone (Synapse's rc_invites.per_room). */
		private final Limit invitesPerRoom = new Limit(0.3, 10);

		/** Limit of invites one user sends, across rooms (Synapse's rc_invites.per_issuer). */
		private final Limit invitesPerIssuer = new Limit(0.3, 10);

		/** Limit of login attempts per client address (Synapse's rc_login.address). */
		private final Limit loginAddress = new Limit(0.003, 5);

		/** Limit of successful logins per account (Synapse's rc_login.account). */
		private final Limit loginAccount = new Limit(0.003, 5);

		/** Limit of failed logins per account named in the request (Synapse's rc_login.failed_attempts). */
		private final Limit loginFailedAttempts = new Limit(0.17, 3);

		/** Limit of registrations per client address (Synapse's rc_registration). */
		private final Limit registration = new Limit(0.17, 3);

		/** Limit of rooms a user joins (Synapse's rc_joins.local). */
		private final Limit joinsLocal = new Limit(0.1, 10);

		/** Limit of rooms a user creates (Synapse's rc_room_creation). */
		private final Limit roomCreation = new Limit(0.016, 10);

		/** Limit of /sendToDevice requests per device (Synapse's rc_key_requests, applied to every to-device request). */
		private final Limit toDevice = new Limit(20, 100);

		public Limit getToDevice() {
			return this.toDevice;
		}

		/** Limit of media IDs a user reserves with POST /_matrix/media/v1/create (Synapse's rc_media_create). */
		private final Limit mediaCreate = new Limit(10, 50);

		public Limit getMessage() {
			return this.message;
		}

		public Limit getInvites() {
			return this.invites;
		}

		public Limit getInvitesPerRoom() {
			return this.invitesPerRoom;
		}

		public Limit getInvitesPerIssuer() {
			return this.invitesPerIssuer;
		}

		public Limit getLoginAddress() {
			return this.loginAddress;
		}

		public Limit getLoginAccount() {
			return this.loginAccount;
		}

		public Limit getLoginFailedAttempts() {
			return this.loginFailedAttempts;
		}

		public Limit getRegistration() {
			return this.registration;
		}

		public Limit getJoinsLocal() {
			return this.joinsLocal;
		}

		public Limit getRoomCreation() {
			return this.roomCreation;
		}

		public Limit getMediaCreate() {
			return this.mediaCreate;
		}

	}

	/**
	 * A rate limit: a sustained rate and a burst.
	 */
	public static class Limit {

		/** Sustained actions per second; 0 means unlimited. */
		private double perSecond;

		/** Actions allowed at once before the rate applies. */
		private int burstCount;

		Limit(double perSecond, int burstCount) {
			this.perSecond = perSecond;
			this.burstCount = burstCount;
		}

		public double getPerSecond() {
			return this.perSecond;
		}

		public void setPerSecond(double perSecond) {
			this.perSecond = perSecond;
		}

		public int getBurstCount() {
			return this.burstCount;
		}

		public void setBurstCount(int burstCount) {
			this.burstCount = burstCount;
		}

	}

	/**
	 * /sync settings.
	 */
	public static class Sync {

		/** Longest a /sync request waits for new data, whatever timeout the client asks for. */
		private Duration maxTimeout = Duration.ofMinutes(3);

		/** Events per room timeline when the client's filter does not say. */
		private int defaultTimelineLimit = 10;

		/** Threads that compute the responses of woken long-polling /sync requests (default: twice the processors, at least 4). */
		private int wakeUpThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

		public Duration getMaxTimeout() {
			return this.maxTimeout;
		}

		public void setMaxTimeout(Duration maxTimeout) {
			this.maxTimeout = maxTimeout;
		}

		public int getDefaultTimelineLimit() {
			return this.defaultTimelineLimit;
		}

		public void setDefaultTimelineLimit(int defaultTimelineLimit) {
			this.defaultTimelineLimit = defaultTimelineLimit;
		}

		public int getWakeUpThreads() {
			return this.wakeUpThreads;
		}

		public void setWakeUpThreads(int wakeUpThreads) {
			this.wakeUpThreads = wakeUpThreads;
		}

	}

	/**
	 * User directory settings.
	 */
	public static class UserDirectory {

		/** Whether searches find every local user, not only those sharing a room with the searcher or in a public room. */
		private boolean searchAllUsers;

		public boolean isSearchAllUsers() {
			return this.searchAllUsers;
		}

		public void setSearchAllUsers(boolean searchAllUsers) {
			this.searchAllUsers = searchAllUsers;
		}

	}

	/**
	 * Limits on what one request may make the server hold.
	 */
	public static class Limits {

		/** Largest request body of the JSON API (/_matrix/client, /_synapse/admin); larger ones are refused with 413 M_TOO_LARGE before they are read. */
		private DataSize maxJsonBodySize = DataSize.ofMegabytes(1);

		/** Largest account data item (its content as JSON); larger ones are refused with 413 M_TOO_LARGE. */
		private DataSize maxAccountDataSize = DataSize.ofKilobytes(256);

		public DataSize getMaxJsonBodySize() {
			return this.maxJsonBodySize;
		}

		public void setMaxJsonBodySize(DataSize maxJsonBodySize) {
			this.maxJsonBodySize = maxJsonBodySize;
		}

		public DataSize getMaxAccountDataSize() {
			return this.maxAccountDataSize;
		}

		public void setMaxAccountDataSize(DataSize maxAccountDataSize) {
			this.maxAccountDataSize = maxAccountDataSize;
		}

	}

	/**
	 * Notifications of modules' onNewEvent: one thread and one bounded queue per module.
	 */
	public static class ModuleNotifications {

		/** Notifications that may wait per module; when its queue is full a module misses new events (counted in homeserver.module.notifications.dropped). */
		private int queueCapacity = 1000;

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Client transaction IDs ({@code /send}, {@code /redact}).
	 */
	public static class Transactions {

		/** How long a repeated transaction ID answers the event it created; after that it is a new request. */
		private Duration ttl = Duration.ofDays(1);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * End-to-end encryption: keys and to-device messages, which the server stores and forwards.
	 */
	public static class E2ee {

		/** Largest content of one to-device message (per recipient device), in JSON. */
		private DataSize maxToDeviceMessageSize = DataSize.ofKilobytes(64);

		/** Most recipient devices (a user's "*" counting as one) one /sendToDevice request names. */
		private int maxToDeviceRecipients = 10_000;

		/** Most to-device messages one /sync response delivers; the rest come with the next. */
		private int maxToDeviceMessagesPerSync = 100;

		/** Most users one /keys/query, or devices one /keys/claim, names. */
		private int maxKeysRequestEntries = 10_000;

		/** Most unclaimed one-time keys a device may have stored (clients keep about 50). */
		private int maxOneTimeKeysPerDevice = 10_000;

		public DataSize getMaxToDeviceMessageSize() {
			return this.maxToDeviceMessageSize;
		}

		public void setMaxToDeviceMessageSize(DataSize maxToDeviceMessageSize) {
			this.maxToDeviceMessageSize = maxToDeviceMessageSize;
		}

		public int getMaxToDeviceRecipients() {
			return this.maxToDeviceRecipients;
		}

		public void setMaxToDeviceRecipients(int maxToDeviceRecipients) {
			this.maxToDeviceRecipients = maxToDeviceRecipients;
		}

		public int getMaxToDeviceMessagesPerSync() {
			return this.maxToDeviceMessagesPerSync;
		}

		public void setMaxToDeviceMessagesPerSync(int maxToDeviceMessagesPerSync) {
			this.maxToDeviceMessagesPerSync = maxToDeviceMessagesPerSync;
		}

		public int getMaxKeysRequestEntries() {
			return this.maxKeysRequestEntries;
		}

		public void setMaxKeysRequestEntries(int maxKeysRequestEntries) {
			this.maxKeysRequestEntries = maxKeysRequestEntries;
		}

		public int getMaxOneTimeKeysPerDevice() {
			return this.maxOneTimeKeysPerDevice;
		}

		public void setMaxOneTimeKeysPerDevice(int maxOneTimeKeysPerDevice) {
			this.maxOneTimeKeysPerDevice = maxOneTimeKeysPerDevice;
		}

	}

	/**
	 * Presence: users' online, unavailable and offline states.
	 */
	public static class Presence {

		/** Whether presence is tracked and sent in /sync (Synapse's presence.enabled); when off, everyone reads as offline. */
		private boolean enabled = true;

		/** How long an online user may be inactive before becoming unavailable (Synapse's 5 minutes). */
		private Duration idleAfter = Duration.ofMinutes(5);

		/** How long after the last /sync (or activity) a user becomes offline (Synapse's 30 seconds). */
		private Duration offlineAfter = Duration.ofSeconds(30);

		/** The longest status message, in characters; longer ones get 400 M_INVALID_PARAM. */
		private int maxStatusMsgLength = 1024;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getIdleAfter() {
			return this.idleAfter;
		}

		public void setIdleAfter(Duration idleAfter) {
			this.idleAfter = idleAfter;
		}

		public Duration getOfflineAfter() {
			return this.offlineAfter;
		}

		public void setOfflineAfter(Duration offlineAfter) {
			this.offlineAfter = offlineAfter;
		}

		public int getMaxStatusMsgLength() {
			return this.maxStatusMsgLength;
		}

		public void setMaxStatusMsgLength(int maxStatusMsgLength) {
			this.maxStatusMsgLength = maxStatusMsgLength;
		}

	}

	/**
	 * Typing notifications ({@code PUT /rooms/{roomId}/typing/{userId}}).
	 */
	public static class Typing {

		/** Longest a user is shown typing after one request, whatever timeout the client asks for (Synapse's 120s). */
		private Duration maxTimeout = Duration.ofSeconds(120);

		/** Limit of typing requests a user sends; 0 per second means unlimited. */
		private final Limit ratelimit = new Limit(1, 10);

		public Duration getMaxTimeout() {
			return this.maxTimeout;
		}

		public void setMaxTimeout(Duration maxTimeout) {
			this.maxTimeout = maxTimeout;
		}

		public Limit getRatelimit() {
			return this.ratelimit;
		}

	}

	/**
	 * Memory of a connection to the client port (Tomcat's NIO connector): every open connection
	 * holds its socket buffers, and a request in progress, such as a waiting {@code /sync} long
	 * poll, its response buffer.
	 */
	public static class Http {

		/** Socket read buffer of each connection (Tomcat's socket.appReadBufSize): also the most one read takes from the socket. */
		private DataSize socketReadBufferSize = DataSize.ofBytes(2048);

		/** Socket write buffer of each connection (Tomcat's socket.appWriteBufSize): also the most one write hands to the socket. */
		private DataSize socketWriteBufferSize = DataSize.ofBytes(2048);

		/** Response buffer of each request in progress; a larger body is written through in pieces of this size or more. */
		private DataSize responseBufferSize = DataSize.ofBytes(1024);

		/** Largest trailer section of a chunked request (Tomcat's maxTrailerSize, whose buffer every request holds); Matrix clients send none. */
		private DataSize maxTrailerSize = DataSize.ofBytes(1024);

		public DataSize getSocketReadBufferSize() {
			return this.socketReadBufferSize;
		}

		public void setSocketReadBufferSize(DataSize socketReadBufferSize) {
			this.socketReadBufferSize = socketReadBufferSize;
		}

		public DataSize getSocketWriteBufferSize() {
			return this.socketWriteBufferSize;
		}

		public void setSocketWriteBufferSize(DataSize socketWriteBufferSize) {
			this.socketWriteBufferSize = socketWriteBufferSize;
		}

		public DataSize getResponseBufferSize() {
			return this.responseBufferSize;
		}

		public void setResponseBufferSize(DataSize responseBufferSize) {
			this.responseBufferSize = responseBufferSize;
		}

		public DataSize getMaxTrailerSize() {
			return this.maxTrailerSize;
		}

		public void setMaxTrailerSize(DataSize maxTrailerSize) {
			this.maxTrailerSize = maxTrailerSize;
		}

	}

}

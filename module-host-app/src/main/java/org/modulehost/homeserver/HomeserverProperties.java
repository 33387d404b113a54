package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the reference homeserver.
 */
@ConfigurationProperties("homeserver")
public class HomeserverProperties {

	/** Server name: the part after the colon in this server's user IDs, room IDs and aliases. */
	private String serverName = "localhost";

	/** Users who are server administrators, as localparts or user IDs; applied at start-up and on registration. */
	private List<String> admins = new ArrayList<>();

	private final Registration registration = new Registration();

	private final Passwords passwords = new Passwords();

	private final Ratelimit ratelimit = new Ratelimit();

	private final Sync sync = new Sync();

	private final UserDirectory userDirectory = new UserDirectory();

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
	 * Rate limits, per user.
	 */
	public static class Ratelimit {

		/** Limit of events a user sends (Synapse's rc_message). */
		private final Limit message = new Limit(0.2, 10);

		/** Limit of invites a user sends (Synapse's rc_invites.per_user). */
		private final Limit invites = new Limit(0.003, 5);

		public Limit getMessage() {
			return this.message;
		}

		public Limit getInvites() {
			return this.invites;
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

}

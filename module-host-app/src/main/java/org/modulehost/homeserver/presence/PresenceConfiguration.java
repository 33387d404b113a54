package org.modulehost.homeserver.presence;

import java.time.Clock;
import java.time.Duration;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.host.HostSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The homeserver's presence: the {@code /presence} endpoints, the state kept for {@code /sync}
 * and the timeouts.
 */
@Configuration(proxyBeanMethods = false)
@Import(PresenceController.class)
public final class PresenceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Presence homeserverPresence(Database db, ChangeNotifications changes, Callbacks callbacks, Notifier notifier,
			Clock clock, Accounts accounts, HomeserverProperties properties) {
		HomeserverProperties.Presence settings = properties.getPresence();
		positive("homeserver.presence.idle-after", settings.getIdleAfter(), "5m");
		positive("homeserver.presence.offline-after", settings.getOfflineAfter(), "30s");
		if (settings.getMaxStatusMsgLength() < 1) {
			throw new InvalidConfigurationPropertyValueException("homeserver.presence.max-status-msg-length",
					settings.getMaxStatusMsgLength(), "A status message must be allowed at least one character, e.g. 1024.");
		}
		return new Presence(new PresenceStore(db, changes), new PresenceRouter(callbacks), new SharedRooms(db), notifier,
				clock, accounts::isMine, new Presence.Settings(settings.isEnabled(), settings.getIdleAfter(),
						settings.getOfflineAfter(), settings.getMaxStatusMsgLength()));
	}

	@Bean
	@ConditionalOnMissingBean
	PresenceTimeouts homeserverPresenceTimeouts(Presence presence, HostSettings host, HomeserverProperties properties) {
		return new PresenceTimeouts(presence, host.runsBackgroundTasks(),
				properties.getPresence().getOfflineAfter().toMillis());
	}

	private static void positive(String key, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(key, value, "It must be positive, e.g. " + example + ".");
		}
	}

}

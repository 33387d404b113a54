package org.modulehost.homeserver.sync;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.presence.Presence;
import org.modulehost.homeserver.receipts.Receipts;
import org.modulehost.homeserver.receipts.TypingNotifications;
import org.modulehost.homeserver.receipts.UnreadCounts;
import org.modulehost.homeserver.rooms.ClientEvents;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.storage.AccountDataStore;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.DeviceInbox;
import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.storage.DeviceListStore;
import org.modulehost.homeserver.storage.DeviceStream;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The homeserver's {@code /sync}.
 */
@Configuration(proxyBeanMethods = false)
@Import(SyncController.class)
public final class SyncConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SyncHandler homeserverSyncHandler(EventReader events, RoomStateCache states, AccountDataStore accountData,
			Database db, ClientEvents clientEvents, Notifier notifier, HistoryVisibility visibility,
			DeviceStream deviceStream, DeviceInbox inbox, DeviceListStore deviceLists, DeviceKeyStore keys,
			Presence presence, HomeserverProperties properties, TypingNotifications typing, Receipts receipts,
			UnreadCounts unread) {
		DeviceSync devices = new DeviceSync(deviceStream, inbox, deviceLists, keys,
				properties.getE2ee().getMaxToDeviceMessagesPerSync());
		return new SyncHandler(events, states, accountData, db, clientEvents, notifier, visibility, devices, presence,
				new SyncHandler.Ephemeral(typing, receipts, unread), properties.getSync().getWakeUpThreads());
	}

	@Bean
	@ConditionalOnMissingBean
	RemoteWakeUps homeserverRemoteWakeUps(Notifier notifier, RoomStateCache states, ChangeNotifications changes) {
		RemoteWakeUps wakeUps = new RemoteWakeUps(notifier, states);
		changes.addListener(wakeUps);
		return wakeUps;
	}

}

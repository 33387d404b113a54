package org.modulehost.homeserver.keys;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.DeviceInbox;
import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.storage.DeviceListStore;
import org.modulehost.homeserver.storage.DeviceStream;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * End-to-end encryption: the stores of keys, to-device messages and device-list changes, and
 * their endpoints.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SendToDeviceController.class, KeyBackupController.class })
public final class KeysConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeysController homeserverKeysController(DeviceKeyStore keys, DeviceListStore lists, DeviceStream stream,
			AccountStore accounts, Notifier notifier, HomeserverProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		return new KeysController(keys, lists, stream, accounts, notifier, properties,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceStream homeserverDeviceStream(Database db) {
		return new DeviceStream(db);
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceListStore homeserverDeviceListStore(Database db, DeviceStream stream, ChangeNotifications changes) {
		return new DeviceListStore(db, stream, changes);
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceKeyStore homeserverDeviceKeyStore(Database db, JsonCodec json, DeviceStream stream, DeviceListStore lists) {
		return new DeviceKeyStore(db, json, stream, lists);
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceInbox homeserverDeviceInbox(Database db, JsonCodec json, DeviceStream stream, ChangeNotifications changes,
			Clock clock, HomeserverProperties properties) {
		return new DeviceInbox(db, json, stream, changes, clock, properties.getTransactions().getTtl());
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceKeysLifecycle homeserverDeviceKeysLifecycle(DeviceKeyStore keys, DeviceListStore lists, Notifier notifier,
			Accounts accounts) {
		DeviceKeysLifecycle lifecycle = new DeviceKeysLifecycle(keys, lists, notifier);
		accounts.addDeviceListener(lifecycle);
		return lifecycle;
	}

}

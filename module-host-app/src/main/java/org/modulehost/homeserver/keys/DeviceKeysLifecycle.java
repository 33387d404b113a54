package org.modulehost.homeserver.keys;

import org.modulehost.homeserver.storage.DeviceKeyStore;
import org.modulehost.homeserver.storage.DeviceListStore;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.Accounts;

/**
 * What devices signing in and being deleted change for encryption, as Synapse: a new sign-in is
 * a device-list change; a deleted or logged-out device loses its keys and its to-device inbox,
 * and that is a device-list change too. The users sharing a room with the device's user are
 * woken.
 */
final class DeviceKeysLifecycle implements Accounts.DeviceListener {

	private final DeviceKeyStore keys;

	private final DeviceListStore lists;

	private final Notifier notifier;

	DeviceKeysLifecycle(DeviceKeyStore keys, DeviceListStore lists, Notifier notifier) {
		this.keys = keys;
		this.lists = lists;
		this.notifier = notifier;
	}

	@Override
	public void deviceSignedIn(String userId, String deviceId) {
		this.notifier.notifyUsers(this.lists.changed(userId));
	}

	@Override
	public void deviceDeleted(String userId, String deviceId) {
		this.notifier.notifyUsers(this.keys.deleteDevice(userId, deviceId));
	}

}

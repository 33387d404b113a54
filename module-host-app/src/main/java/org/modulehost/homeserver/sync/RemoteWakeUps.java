package org.modulehost.homeserver.sync;

import java.util.List;

import org.modulehost.homeserver.rooms.RoomEvents;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.RoomStateCache;

/**
 * Wakes this instance's {@code /sync} waiters for what other instances sharing the database
 * wrote: new events of a room wake its joined and invited members and those whose membership
 * changed; account data wakes its user; to-device messages, device-list changes and presence
 * updates wake the users they name; missed notifications wake everyone, to re-check. Only
 * waking happens here: {@code onNewEvent} and the other callbacks ran on the instance that
 * stored the event.
 */
final class RemoteWakeUps implements ChangeNotifications.Listener {

	private final Notifier notifier;

	private final RoomStateCache states;

	RemoteWakeUps(Notifier notifier, RoomStateCache states) {
		this.notifier = notifier;
		this.states = states;
	}

	@Override
	public void roomChanged(String roomId, List<String> memberships, boolean complete) {
		if (this.notifier.waiting() == 0) {
			return;
		}
		if (!complete) {
			this.notifier.notifyAllUsers();
			return;
		}
		this.notifier.notifyUsers(RoomEvents.concerned(this.states.currentState(roomId), memberships));
	}

	@Override
	public void accountDataChanged(String userId) {
		this.notifier.notifyUsers(List.of(userId));
	}

	@Override
	public void devicesChanged(List<String> userIds, boolean complete) {
		wake(userIds, complete);
	}

	@Override
	public void presenceChanged(List<String> userIds, boolean complete) {
		wake(userIds, complete);
	}

	private void wake(List<String> userIds, boolean complete) {
		if (complete) {
			this.notifier.notifyUsers(userIds);
		}
		else {
			this.notifier.notifyAllUsers();
		}
	}

	@Override
	public void missed() {
		this.notifier.notifyAllUsers();
	}

}

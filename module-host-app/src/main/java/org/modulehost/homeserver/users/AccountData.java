package org.modulehost.homeserver.users;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.storage.AccountDataStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.sync.Notifier;

/**
 * Users' account data: a write is stored, wakes the user's {@code /sync}, then is reported to
 * {@code AccountDataCallbacks.onAccountDataUpdated} before the write is answered.
 */
public final class AccountData {

	private static final Log logger = LogFactory.getLog(AccountData.class);

	private final AccountDataStore store;

	private final Notifier notifier;

	private final Callbacks callbacks;

	/**
	 * Creates the service.
	 * @param store the storage
	 * @param notifier the {@code /sync} notifier
	 * @param callbacks the callback dispatchers
	 */
	public AccountData(AccountDataStore store, Notifier notifier, Callbacks callbacks) {
		this.store = store;
		this.notifier = notifier;
		this.callbacks = callbacks;
	}

	/**
	 * Reads one type of account data.
	 * @param userId the user
	 * @param roomId the room, or {@code null} for global account data
	 * @param type the type
	 * @return the content, or empty
	 */
	public Optional<Map<String, Object>> get(String userId, @Nullable String roomId, String type) {
		return this.store.get(userId, roomId, type);
	}

	/**
	 * Writes one type of account data.
	 * @param userId the user
	 * @param roomId the room, or {@code null} for global account data
	 * @param type the type
	 * @param content the content
	 */
	public void put(String userId, @Nullable String roomId, String type, Map<String, Object> content) {
		this.store.put(userId, roomId, type, content);
		this.notifier.notifyUsers(List.of(userId));
		try {
			Await.join(this.callbacks.accountData().onAccountDataUpdated(userId, roomId, type, content));
		}
		catch (RuntimeException ex) {
			logger.warn("onAccountDataUpdated failed for " + userId + "; the write stands", ex);
		}
	}

}

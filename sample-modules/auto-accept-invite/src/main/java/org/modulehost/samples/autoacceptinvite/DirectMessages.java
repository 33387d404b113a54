package org.modulehost.samples.autoacceptinvite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.homeserver.api.AccountDataManager;

/**
 * Marks rooms as direct messages in a user's {@code m.direct} account data: a mapping from the
 * other user's ID to the list of rooms shared with them as direct chats.
 */
final class DirectMessages {

	static final String TYPE = "m.direct";

	private static final Log logger = LogFactory.getLog(DirectMessages.class);

	private final AccountDataManager accountData;

	DirectMessages(AccountDataManager accountData) {
		this.accountData = accountData;
	}

	/**
	 * Adds a room to the direct chats of {@code userId} with {@code otherUserId}. A value that is
	 * not a list is left alone (and logged): the module does not mangle data it does not
	 * understand.
	 * @param userId the local user whose account data changes
	 * @param otherUserId the other party of the direct chat
	 * @param roomId the room
	 * @return a stage completed once the account data is written
	 */
	CompletionStage<Void> mark(String userId, String otherUserId, String roomId) {
		return this.accountData.getGlobal(userId, TYPE).thenCompose((current) -> {
			Map<String, Object> direct = new LinkedHashMap<>((current != null) ? current : Map.of());
			Object rooms = direct.get(otherUserId);
			if (rooms != null && !(rooms instanceof List<?>)) {
				logger.warn("Not marking " + roomId + " as a direct chat of " + userId + ": " + TYPE + "[" + otherUserId
						+ "] is a " + rooms.getClass().getSimpleName() + ", not a list");
				return CompletableFuture.completedFuture(null);
			}
			List<Object> updated = new ArrayList<>((rooms != null) ? (List<?>) rooms : List.of());
			if (updated.contains(roomId)) {
				return CompletableFuture.completedFuture(null);
			}
			updated.add(roomId);
			direct.put(otherUserId, updated);
			return this.accountData.putGlobal(userId, TYPE, direct);
		});
	}

}

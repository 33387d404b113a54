package org.modulehost.homeserver.api;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes local users' global account data, as Synapse's
 * {@code ModuleApi.account_data_manager}. Writes reach the user's clients through {@code /sync}
 * and call {@code AccountDataCallbacks.onAccountDataUpdated}.
 */
public interface AccountDataManager {

	/**
	 * Reads one type of a user's global account data.
	 * @param userId a local user
	 * @param type the account data type, e.g. {@code m.direct}
	 * @return a stage of the content, or of {@code null} when the user has none of that type
	 * @throws IllegalArgumentException if the user is not local
	 */
	CompletionStage<@Nullable Map<String, Object>> getGlobal(String userId, String type);

	/**
	 * Writes one type of a user's global account data, replacing what was there.
	 * @param userId a local user
	 * @param type the account data type
	 * @param content the new content
	 * @return a stage completed once the write is committed
	 * @throws IllegalArgumentException if the user is not local
	 */
	CompletionStage<Void> putGlobal(String userId, String type, Map<String, Object> content);

}

package org.modulehost.homeserver.api.callbacks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;

/**
 * Account data, Synapse's {@code account_data} callbacks.
 */
@CallbackCategory("account_data")
public interface AccountDataCallbacks {

	/**
	 * Hears about a write of global or room account data, after it was stored; awaited before
	 * the write is answered. An exception is logged and the next module is called.
	 * @param userId the user whose account data changed
	 * @param roomId the room for room account data, {@code null} for global account data
	 * @param type the account data type
	 * @param content the new content
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onAccountDataUpdated(String userId, @Nullable String roomId, String type,
			Map<String, Object> content) {
		return CompletableFuture.completedFuture(null);
	}

}

package org.modulehost.homeserver.api.callbacks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.Event;

/**
 * Extra {@code unsigned} fields, Synapse's {@code add_extra_fields_to_unsigned_client_event}
 * callbacks.
 */
@CallbackCategory("add_extra_fields_to_unsigned_client_event")
public interface UnsignedFieldsCallbacks {

	/**
	 * Returns fields to add to an event's {@code unsigned} section; called for every event served
	 * to a client, once per event and response. The answers of all modules are merged in order,
	 * later modules' keys winning, and never replace a key the homeserver set itself. An
	 * exception fails the response (500).
	 * @param event the event being served
	 * @return a stage of the fields to add, empty for none
	 */
	@Callback(combine = Combine.COLLECT, onError = OnError.PROPAGATE)
	default CompletionStage<Map<String, Object>> addFieldToUnsigned(Event event) {
		return CompletableFuture.completedFuture(Map.of());
	}

}

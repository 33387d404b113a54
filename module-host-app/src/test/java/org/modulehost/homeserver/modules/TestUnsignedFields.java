package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;

/**
 * Adds fields to {@code unsigned}: two registrations whose keys clash, one trying to replace the
 * server's {@code age}.
 */
public class TestUnsignedFields {

	public TestUnsignedFields(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerUnsignedFieldsCallbacks(new UnsignedFieldsCallbacks() {
			@Override
			public CompletionStage<Map<String, Object>> addFieldToUnsigned(Event event) {
				Recorder.record("addFieldToUnsigned " + event.eventId());
				return CompletableFuture.completedFuture(
						Map.of("org.example.first", 1, "org.example.shared", "first", "age", -1));
			}
		});
		api.registerUnsignedFieldsCallbacks(new UnsignedFieldsCallbacks() {
			@Override
			public CompletionStage<Map<String, Object>> addFieldToUnsigned(Event event) {
				return CompletableFuture.completedFuture(Map.of("org.example.shared", "second"));
			}
		});
	}

}

package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.EventCheck;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * Third-party rules driven by message bodies, room topics and room names.
 */
public class TestThirdPartyRules implements ThirdPartyRulesCallbacks {

	/** Released by the test that checks that a slow onNewEvent does not delay the response. */
	public static final CountDownLatch slowRelease = new CountDownLatch(1);

	public TestThirdPartyRules(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Override
	public CompletionStage<EventCheck> checkEventAllowed(Event event, Map<StateKey, Event> state) {
		Object body = event.content().get("body");
		if ("replace me".equals(body)) {
			return CompletableFuture.completedFuture(EventCheck.replaceContent(Map.of("msgtype", "m.text", "body",
					"replaced by the module")));
		}
		if ("deny me".equals(body)) {
			return CompletableFuture.completedFuture(EventCheck.DENY);
		}
		if ("teapot".equals(body)) {
			throw new MatrixError(418, "ORG_EXAMPLE_TEAPOT", "I'm a teapot", Map.of("spout", "short"));
		}
		if ("boom".equals(body)) {
			return CompletableFuture.failedFuture(new IllegalStateException("module bug"));
		}
		if ("inflate me".equals(body)) {
			return CompletableFuture.completedFuture(
					EventCheck.replaceContent(Map.of("msgtype", "m.text", "body", "x".repeat(70_000))));
		}
		if ("m.room.name".equals(event.type()) && "rename me".equals(event.content().get("name"))) {
			return CompletableFuture.completedFuture(EventCheck.replaceContent(Map.of("name", "renamed by module")));
		}
		return CompletableFuture.completedFuture(EventCheck.ALLOW);
	}

	@Override
	public CompletionStage<Void> onCreateRoom(Requester requester, Map<String, Object> requestContent,
			boolean isRequesterAdmin) {
		Object topic = requestContent.get("topic");
		if ("rewrite".equals(topic)) {
			requestContent.put("name", "rewritten by module");
		}
		if ("refuse".equals(topic)) {
			throw new IllegalArgumentException("no rooms with this topic");
		}
		if ("refuse loudly".equals(topic)) {
			throw new MatrixError(400, "ORG_EXAMPLE_BAD_TOPIC", "Pick another topic");
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Boolean> checkVisibilityCanBeModified(String roomId, Map<StateKey, Event> state,
			String newVisibility) {
		Event name = state.get(new StateKey("m.room.name", ""));
		Object value = (name != null) ? name.content().get("name") : null;
		if ("broken-visibility".equals(value)) {
			throw new IllegalStateException("visibility check bug");
		}
		return CompletableFuture.completedFuture(!("private-only".equals(value) && "public".equals(newVisibility)));
	}

	@Override
	public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		if ("slow".equals(event.content().get("body"))) {
			try {
				slowRelease.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Recorder.record("onNewEvent:" + event.eventId() + ":" + state.containsKey(new StateKey("m.room.create", "")));
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Void> onProfileUpdate(String userId, ProfileInfo newProfile, boolean byAdmin,
			boolean deactivation) {
		Recorder.record("onProfileUpdate:" + userId + ":" + newProfile.displayName() + ":" + byAdmin);
		return CompletableFuture.completedFuture(null);
	}

}

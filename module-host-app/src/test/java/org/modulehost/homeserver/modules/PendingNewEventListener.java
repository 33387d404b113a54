package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * An {@code onNewEvent} whose first stage never completes (a module that lost an answer), and
 * which records the bodies of the messages it hears about afterwards.
 */
public class PendingNewEventListener implements ThirdPartyRulesCallbacks {

	/** The bodies of the messages heard about after the first, pending, call. */
	public static final Set<Object> heard = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean first = new AtomicBoolean(true);

	public PendingNewEventListener(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Override
	public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		if (this.first.getAndSet(false)) {
			return new CompletableFuture<>();
		}
		if (event.content().get("body") != null) {
			heard.add(event.content().get("body"));
		}
		return CompletableFuture.completedFuture(null);
	}

}

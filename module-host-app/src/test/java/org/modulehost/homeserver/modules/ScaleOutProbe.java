package org.modulehost.homeserver.modules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.modulehost.api.Cached;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * A module loaded on every instance of a scale-out test: a cached lookup of users' mottos in a
 * store all instances share (standing in for a table of the shared database), invalidated after
 * each write to it, and a record of where {@code onNewEvent} ran for each event.
 */
public class ScaleOutProbe implements ThirdPartyRulesCallbacks {

	/** Mottos by user ID: the store every instance shares. */
	public static final Map<String, String> mottos = new ConcurrentHashMap<>();

	/** The instances that ran {@code onNewEvent}, by event ID. */
	public static final Map<String, List<String>> newEvents = new ConcurrentHashMap<>();

	/** This instance's reads of the store, by user ID. */
	private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

	private final HomeserverModuleApi api;

	public ScaleOutProbe(Map<String, Object> config, HomeserverModuleApi api) {
		this.api = api;
		api.registerCachedFunction(this::motto);
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Cached
	public String motto(String userId) {
		this.lookups.computeIfAbsent(userId, (key) -> new AtomicInteger()).incrementAndGet();
		return mottos.getOrDefault(userId, "none");
	}

	/** Writes the store, then invalidates the cached lookup here and, over the bus, everywhere. */
	public void changeMotto(String userId, String motto) {
		mottos.put(userId, motto);
		this.api.invalidateCache(this::motto, userId).join();
	}

	/** Counts this instance's reads of the store for a user. */
	public int lookups(String userId) {
		AtomicInteger count = this.lookups.get(userId);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		newEvents.computeIfAbsent(event.eventId(), (key) -> new CopyOnWriteArrayList<>()).add(this.api.instanceName());
		return CompletableFuture.completedFuture(null);
	}

}

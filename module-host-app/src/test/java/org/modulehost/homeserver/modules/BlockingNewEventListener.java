package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * An {@code onNewEvent} that blocks its thread on the first event until the test releases it:
 * a module that has fallen behind.
 */
public class BlockingNewEventListener implements ThirdPartyRulesCallbacks {

	/** Counted down when the first notification arrived and the module is blocked. */
	public static final CountDownLatch blocked = new CountDownLatch(1);

	/** Released by the test at its end. */
	public static final CountDownLatch release = new CountDownLatch(1);

	public BlockingNewEventListener(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Override
	public CompletionStage<Void> onNewEvent(Event event, Map<StateKey, Event> state) {
		blocked.countDown();
		try {
			release.await(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return CompletableFuture.completedFuture(null);
	}

}

package org.modulehost.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.BackgroundUpdateLease;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;

/**
 * A {@code background_update_controller} module asking for batches of {@code target_ms}
 * milliseconds, recording how long each batch held its lease (from {@code onUpdate} returning to
 * {@code close()}).
 */
public class PacingController implements BackgroundUpdateControllerCallbacks {

	static final List<Double> heldMillis = new CopyOnWriteArrayList<>();

	private final Duration target;

	public PacingController(Map<String, Object> config, HomeserverModuleApi api) {
		this.target = Duration.ofMillis(Long.parseLong(String.valueOf(config.getOrDefault("target_ms", "100"))));
		api.registerBackgroundUpdateControllerCallbacks(this);
	}

	@Override
	public @Nullable BackgroundUpdateLease onUpdate(String updateName, String databaseName, boolean oneShot) {
		long start = System.nanoTime();
		Duration target = this.target;
		return new BackgroundUpdateLease() {

			@Override
			public Duration targetDuration() {
				return target;
			}

			@Override
			public void close() {
				heldMillis.add((System.nanoTime() - start) / 1e6);
			}

		};
	}

}

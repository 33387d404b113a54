package org.modulehost.homeserver.background;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.homeserver.BackgroundUpdateProperties;
import org.modulehost.homeserver.background.actuate.BackgroundUpdatesEndpoint;
import org.modulehost.homeserver.storage.BackgroundUpdateStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.host.HostSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Background updates: the queue, the updates this homeserver has (the search index, the user
 * directory), the runner, Synapse's admin API and the actuator view.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackgroundUpdateProperties.class)
@Import(BackgroundUpdatesController.class)
public final class BackgroundUpdatesConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BackgroundUpdateStore homeserverBackgroundUpdateStore(Database database, JsonCodec json) {
		return new BackgroundUpdateStore(database, json);
	}

	@Bean
	BackgroundUpdate homeserverEventSearchUpdate(Database database, JsonCodec json) {
		return new EventSearchUpdate(database, json);
	}

	@Bean
	BackgroundUpdate homeserverUserDirectoryPopulate() {
		return new UserDirectoryUpdates.Populate();
	}

	@Bean
	BackgroundUpdate homeserverUserDirectoryCleanup() {
		return new UserDirectoryUpdates.Cleanup();
	}

	@Bean
	@ConditionalOnMissingBean
	BackgroundUpdater homeserverBackgroundUpdater(BackgroundUpdateStore store, List<BackgroundUpdate> updates,
			CallbackRegistry registry, BackgroundUpdateProperties properties, Clock clock, HostSettings settings,
			ObjectProvider<MeterRegistry> meters) {
		check(properties);
		return new BackgroundUpdater(store, updates, registry, properties, clock,
				settings.instanceName() + "/" + UUID.randomUUID(), meters.getIfAvailable());
	}

	private static void check(BackgroundUpdateProperties properties) {
		positive("target-duration", properties.getTargetDuration());
		positive("controller-timeout", properties.getControllerTimeout());
		positive("retry-backoff", properties.getRetryBackoff());
		positive("max-retry-backoff", properties.getMaxRetryBackoff());
		positive("poll-interval", properties.getPollInterval());
		positive("lease-ttl", properties.getLeaseTtl());
		if (properties.getSleepDuration().isNegative()) {
			throw new IllegalStateException("homeserver.background-updates.sleep-duration must not be negative (it is "
					+ properties.getSleepDuration() + "); set it to 0 for no pause between batches");
		}
		if (properties.getDefaultBatchSize() < 1 || properties.getMinBatchSize() < 1) {
			throw new IllegalStateException("homeserver.background-updates.default-batch-size and min-batch-size must "
					+ "be at least 1 (they are " + properties.getDefaultBatchSize() + " and "
					+ properties.getMinBatchSize() + ")");
		}
	}

	private static void positive(String key, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalStateException("homeserver.background-updates." + key + " must be positive (it is " + value
					+ "); set a duration such as 100ms or 10s");
		}
	}

	/**
	 * The actuator view, where the actuator is.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static final class Actuate {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		BackgroundUpdatesEndpoint homeserverBackgroundUpdatesEndpoint(BackgroundUpdater updater) {
			return new BackgroundUpdatesEndpoint(updater);
		}

	}

}

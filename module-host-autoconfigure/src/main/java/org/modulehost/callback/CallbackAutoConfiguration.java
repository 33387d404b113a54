package org.modulehost.callback;

import io.micrometer.core.instrument.MeterRegistry;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Callback categories: the {@link CallbackRegistry} bean through which hosts call modules'
 * callbacks, which is also where {@code ModuleApi.registerCallbacks} registers them, and the
 * {@code callbacks} section of {@code /actuator/modules}. Calls are timed as
 * {@code modulehost.callback} when a {@link MeterRegistry} exists.
 */
@AutoConfiguration(before = ModuleHostAutoConfiguration.class)
@EnableConfigurationProperties(CallbackProperties.class)
public final class CallbackAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(CallbackRegistry.class)
	DefaultCallbackRegistry callbackRegistry(CallbackProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry) {
		properties.validate();
		return new DefaultCallbackRegistry(properties::timeout, meterRegistry::getIfUnique);
	}

	@Bean
	@ConditionalOnMissingBean
	CallbacksDetailsContributor callbacksDetailsContributor(CallbackRegistry callbackRegistry) {
		return new CallbacksDetailsContributor(callbackRegistry);
	}

}

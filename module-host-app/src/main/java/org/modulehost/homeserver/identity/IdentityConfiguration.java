package org.modulehost.homeserver.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.IdentityServerProperties;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.users.ThreepidUnbinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Identity servers: the client of the trusted ones, the bindings made through the homeserver and
 * {@code /account/3pid/bind} and {@code /unbind}, and the unbinding when an identifier is
 * deleted or its account deactivated.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityServerProperties.class)
@Import(ThreepidBindController.class)
public final class IdentityConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdentityServerClient homeserverIdentityServerClient(IdentityServerProperties properties, JsonCodec json,
			ObjectProvider<MeterRegistry> meters) {
		return new IdentityServerClient(properties, json, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	IdentityLookups homeserverIdentityLookups(IdentityServerClient client) {
		return new IdentityLookups(client);
	}

	@Bean
	@ConditionalOnMissingBean
	ThreepidBindings homeserverThreepidBindings(IdentityServerClient client, Database database, Callbacks callbacks) {
		return new ThreepidBindings(client, new ThreepidBindingStore(database), callbacks);
	}

	@Bean
	@ConditionalOnMissingBean
	ThreepidUnbinder homeserverThreepidUnbinder(ThreepidBindings bindings) {
		return new ThreepidUnbinder() {

			@Override
			public boolean unbind(String userId, String medium, String address, @Nullable String idServer) {
				return bindings.unbind(userId, medium, address, idServer);
			}

			@Override
			public boolean unbindAll(String userId, @Nullable String idServer) {
				return bindings.unbindAllOf(userId, idServer);
			}

		};
	}

}

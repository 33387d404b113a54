package org.modulehost.cache.actuate;

import java.util.Optional;

import org.modulehost.autoconfigure.ModuleHostAdminProperties;
import org.modulehost.cache.ModuleCacheRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

/**
 * Maps the write operations of {@code /actuator/modulecaches} on whichever server serves the
 * actuator (the application's, or the management server on its own port), ahead of the actuator's
 * own mappings. Only when {@code modulehost.admin.token} is set, the endpoint is exposed over HTTP
 * and its access is not restricted ({@code management.endpoint.modulecaches.access}); otherwise
 * writes answer 405 like any operation the endpoint does not have.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({ ModuleCachesEndpoint.class, PathMappedEndpoints.class })
@Conditional(OnAdminTokenCondition.class)
public final class ModuleCachesWriteConfiguration {

	/** Ahead of the actuator's endpoint mapping (order -100). */
	static final int ORDER = -110;

	@Bean
	@ConditionalOnMissingBean(name = "moduleCachesWriteMapping")
	RouterFunctionMapping moduleCachesWriteMapping(ModuleCacheRegistry registry,
			ModuleHostAdminProperties properties, PathMappedEndpoints endpoints,
			ObjectProvider<EndpointAccessResolver> accessResolver) {
		EndpointId id = EndpointId.of("modulecaches");
		String path = endpoints.getPath(id);
		Access access = accessResolver.getIfAvailable(() -> (endpointId, defaultAccess) -> defaultAccess)
			.accessFor(id, Access.UNRESTRICTED);
		RouterFunctionMapping mapping = new RouterFunctionMapping(routes(registry, properties, path, access));
		mapping.setOrder(ORDER);
		return mapping;
	}

	private static RouterFunction<ServerResponse> routes(ModuleCacheRegistry registry,
			ModuleHostAdminProperties properties, String path, Access access) {
		if (path == null || access != Access.UNRESTRICTED) {
			return (request) -> Optional.empty();
		}
		ModuleCachesWriteHandler handler = new ModuleCachesWriteHandler(registry, new AdminToken(properties.getToken()));
		return RouterFunctions.route()
			.POST(path + "/{cache}", handler::invalidate)
			.DELETE(path + "/{cache}", handler::invalidateAll)
			.build();
	}

}

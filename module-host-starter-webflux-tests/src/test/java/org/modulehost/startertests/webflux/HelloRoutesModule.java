package org.modulehost.startertests.webflux;

import java.util.Map;

import org.modulehost.api.ModuleApi;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A module that serves WebFlux routes, compiled here against the starter and WebFlux alone: no
 * Spring MVC and no servlet API on the class path.
 */
public class HelloRoutesModule {

	public HelloRoutesModule(Map<String, Object> config, ModuleApi api) {
		String greeting = String.valueOf(config.getOrDefault("greeting", "Hello"));
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/{name}", (request) -> ServerResponse.ok().bodyValue(greeting + ", " + request.pathVariable("name")))
			.build();
		api.registerWebResource("/_synapse/client/hello", routes);
	}

}

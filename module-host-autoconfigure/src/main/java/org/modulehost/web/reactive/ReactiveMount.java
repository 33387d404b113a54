package org.modulehost.web.reactive;

import reactor.core.publisher.Mono;

import org.modulehost.web.WebMount;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

/**
 * A module's resource mounted at a path in a WebFlux application: finds the handler for a
 * request below that path.
 */
sealed interface ReactiveMount extends WebMount permits WebHandlerMount, HttpHandlerMount, ReactiveRouterMount,
		ReactiveControllerMount {

	/**
	 * Finds the handler for a request that the mount table routed to this mount.
	 * @param exchange the exchange
	 * @param path the request's path within the application, already checked to be normalised
	 * @param lastIndex index in {@code path.elements()} of the mount path's last segment, or
	 * {@code -1} for the root
	 * @return the handler, empty when the resource has no route for the request, or an error as a
	 * handler mapping may signal, e.g. for a method that is not supported
	 */
	Mono<?> handler(ServerWebExchange exchange, PathContainer path, int lastIndex);

}

package org.modulehost.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * A module's resource mounted at a path in a Spring MVC application: finds the handler for a
 * request below that path.
 */
sealed interface Mount extends WebMount permits HandlerMount, RouterMount, ControllerMount {

	/**
	 * Finds the handler for a request that the mount table routed to this mount.
	 * @param request the request
	 * @param path the request's path within the application, already checked to be normalised
	 * @param lastIndex index in {@code path.elements()} of the mount path's last segment, or
	 * {@code -1} for the root
	 * @return a handler or a {@code HandlerExecutionChain}, or {@code null} when the resource has
	 * no route for the request
	 * @throws Exception as a handler mapping may, e.g. for a method that is not supported
	 */
	@Nullable
	Object handler(HttpServletRequest request, PathContainer path, int lastIndex) throws Exception;

}

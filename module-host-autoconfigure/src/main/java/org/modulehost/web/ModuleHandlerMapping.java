package org.modulehost.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Routes requests to modules' web resources, ahead of the application's own handler mappings.
 *
 * <p>A request goes to the deepest mounted path that contains its decoded path, matched segment
 * by segment and case-sensitively; requests inside a reserved namespace and requests whose path
 * is not normalised never reach a module (see {@link ModuleWebResources}). Within a mount,
 * an {@code HttpRequestHandler} receives everything; router functions and controllers are
 * matched by a handler mapping of their own, which exposes the matched pattern for
 * {@code http.server.requests} as Spring's mappings do. When the resource has no route for the
 * request, the application's mappings get their turn.
 *
 * <p>Mappings change as modules register them; lookups read an immutable snapshot.
 */
public class ModuleHandlerMapping extends AbstractHandlerMapping {

	/**
	 * The order of this mapping: ahead of the actuator's endpoint mapping ({@code -100}) and of
	 * the application's request mappings ({@code 0}).
	 */
	public static final int ORDER = -200;

	/** Request attribute naming the module whose resource handles the request. */
	static final String DISPATCH_ATTRIBUTE = ModuleHandlerMapping.class.getName() + ".dispatch";

	private final ModuleWebResources resources;

	/**
	 * Creates the mapping.
	 * @param resources the modules' resources
	 */
	public ModuleHandlerMapping(ModuleWebResources resources) {
		this.resources = resources;
		setOrder(ORDER);
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) throws Exception {
		RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request) : ServletRequestPathUtils.parseAndCache(request);
		MountTable.Match<WebResourceMounts.Mounted<Mount>> match = this.resources.table()
			.find(path.pathWithinApplication());
		if (match == null) {
			return null;
		}
		Object handler;
		try {
			handler = match.resource().mount().handler(request, path.pathWithinApplication(), match.lastIndex());
		}
		catch (Exception ex) {
			exposeMountPattern(request, match.resource().path());
			throw ex;
		}
		if (handler != null) {
			Object raw = (handler instanceof HandlerExecutionChain chain) ? chain.getHandler() : handler;
			request.setAttribute(DISPATCH_ATTRIBUTE, new ModuleDispatch(match.resource().module(), raw));
		}
		return handler;
	}

	/**
	 * Tags a request that reached a module's resource but none of its routes (e.g. {@code 405})
	 * with the resource's pattern, so that its metrics do not say {@code UNKNOWN}.
	 */
	private static void exposeMountPattern(HttpServletRequest request, String path) {
		String pattern = path.equals("/") ? "/**" : path + "/**";
		request.setAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(pattern));
	}

	/**
	 * Which module's handler a request was given to.
	 *
	 * @param module the module's name
	 * @param handler the handler
	 */
	record ModuleDispatch(String module, Object handler) {

	}

}

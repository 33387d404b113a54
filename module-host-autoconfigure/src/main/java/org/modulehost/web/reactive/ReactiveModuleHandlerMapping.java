package org.modulehost.web.reactive;

import reactor.core.publisher.Mono;

import org.modulehost.web.MountTable;
import org.modulehost.web.WebResourceMounts;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Routes requests to modules' web resources in a WebFlux application, ahead of the application's
 * own handler mappings, by the same rules as Spring MVC's {@code ModuleHandlerMapping}.
 *
 * <p>A request goes to the deepest mounted path that contains its decoded path, matched segment
 * by segment and case-sensitively; requests inside a reserved namespace and requests whose path
 * is not normalised never reach a module ({@link MountTable}). Within a mount, a
 * {@code WebHandler} or {@code HttpHandler} receives everything; router functions and controllers
 * are matched by a handler mapping of their own, which exposes the matched pattern for
 * {@code http.server.requests}. When the resource has no route for the request, the
 * application's mappings get their turn.
 *
 * <p>Mappings change as modules register them; lookups read an immutable snapshot.
 */
public class ReactiveModuleHandlerMapping extends AbstractHandlerMapping {

	/**
	 * The order of this mapping: ahead of the actuator's endpoint mapping ({@code -100}), the
	 * application's router functions ({@code -1}) and request mappings ({@code 0}).
	 */
	public static final int ORDER = -200;

	/** Exchange attribute naming the module whose resource handles the request. */
	static final String MODULE_ATTRIBUTE = ReactiveModuleHandlerMapping.class.getName() + ".module";

	private final ReactiveModuleWebResources resources;

	/**
	 * Creates the mapping.
	 * @param resources the modules' resources
	 */
	public ReactiveModuleHandlerMapping(ReactiveModuleWebResources resources) {
		this.resources = resources;
		setOrder(ORDER);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		MountTable.Match<WebResourceMounts.Mounted<ReactiveMount>> match = this.resources.table().find(path);
		if (match == null) {
			return Mono.empty();
		}
		WebResourceMounts.Mounted<ReactiveMount> mounted = match.resource();
		Mono<?> handler;
		try {
			handler = mounted.mount().handler(exchange, path, match.lastIndex());
		}
		catch (RuntimeException ex) {
			handler = Mono.error(ex);
		}
		return handler.doOnNext((found) -> exchange.getAttributes().put(MODULE_ATTRIBUTE, mounted.module()))
			.doOnError((ex) -> {
				exposeMountPattern(exchange, mounted.path());
				if (!(ex instanceof ErrorResponse)) {
					// The module's code failed while routing, e.g. in a request predicate
					exchange.getAttributes().put(MODULE_ATTRIBUTE, mounted.module());
				}
			});
	}

	/**
	 * Tags a request that reached a module's resource but none of its routes (e.g. {@code 405})
	 * with the resource's pattern, so that its metrics do not say {@code UNKNOWN}.
	 */
	private static void exposeMountPattern(ServerWebExchange exchange, String path) {
		PathPattern pattern = WebHandlerMount.mountPattern(path);
		exchange.getAttributes().put(BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
		ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.ifPresent((context) -> context.setPathPattern(pattern.getPatternString()));
	}

}

package org.modulehost.web.reactive;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.modulehost.web.WebResourceKind;
import org.modulehost.web.WebRoute;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A {@link WebHandler} serving its path and everything below it. Exposes the matched pattern
 * ({@code <path>/**}) and the path within it as WebFlux's own URL handler mappings do, so
 * handlers such as {@code ResourceWebHandler} work as modules' resources.
 */
final class WebHandlerMount implements ReactiveMount {

	private final WebHandler handler;

	private final PathPattern pattern;

	WebHandlerMount(String path, WebHandler handler) {
		this.handler = handler;
		this.pattern = mountPattern(path);
	}

	/**
	 * Returns the pattern of a mount's whole tree.
	 * @param path the mount path
	 * @return {@code <path>/**}
	 */
	static PathPattern mountPattern(String path) {
		return PathPatternParser.defaultInstance.parse(path.equals("/") ? "/**" : path + "/**");
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.WEB_HANDLER;
	}

	@Override
	public Mono<?> handler(ServerWebExchange exchange, PathContainer path, int lastIndex) {
		exposeMatch(exchange, this.pattern, this.handler, path, lastIndex);
		return Mono.just(this.handler);
	}

	/**
	 * Exposes a match of a mount's whole tree as WebFlux's URL handler mappings do: the handler,
	 * the pattern (also for {@code http.server.requests}) and the path within the mount.
	 */
	static void exposeMatch(ServerWebExchange exchange, PathPattern pattern, Object handler, PathContainer path,
			int lastIndex) {
		Map<String, Object> attributes = exchange.getAttributes();
		attributes.put(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
		attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
		attributes.put(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, pathWithin(path, lastIndex));
		attributes.put(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
		ServerRequestObservationContext.findCurrent(attributes)
			.ifPresent((context) -> context.setPathPattern(pattern.getPatternString()));
	}

	private static PathContainer pathWithin(PathContainer path, int lastIndex) {
		List<PathContainer.Element> elements = path.elements();
		int start = lastIndex + 1;
		if (start < elements.size() && elements.get(start) instanceof PathContainer.Separator) {
			start++;
		}
		return (start < elements.size()) ? path.subPath(start) : PathContainer.parsePath("");
	}

	@Override
	public List<WebRoute> routes() {
		return List.of(new WebRoute(this.pattern.getPatternString(), this.handler.toString()));
	}

}

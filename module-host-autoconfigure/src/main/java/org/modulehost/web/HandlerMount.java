package org.modulehost.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * An {@link HttpRequestHandler} serving its path and everything below it. Exposes the matched
 * pattern ({@code <path>/**}) and the path within it as Spring's own URL handler mappings do, so
 * handlers such as {@code ResourceHttpRequestHandler} work as modules' resources.
 */
final class HandlerMount implements Mount {

	private final HttpRequestHandler handler;

	private final String pattern;

	HandlerMount(String path, HttpRequestHandler handler) {
		this.handler = handler;
		this.pattern = path.equals("/") ? "/**" : path + "/**";
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.HTTP_REQUEST_HANDLER;
	}

	@Override
	public Object handler(HttpServletRequest request, PathContainer path, int lastIndex) {
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, this.pattern);
		request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, pathWithin(path, lastIndex));
		request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
		if (request.getAttribute(
				ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE) instanceof ServerRequestObservationContext context) {
			context.setPathPattern(this.pattern);
		}
		return this.handler;
	}

	private static String pathWithin(PathContainer path, int lastIndex) {
		List<PathContainer.Element> elements = path.elements();
		int start = lastIndex + 1;
		if (start < elements.size() && elements.get(start) instanceof PathContainer.Separator) {
			start++;
		}
		return (start < elements.size()) ? path.subPath(start).value() : "";
	}

	@Override
	public List<WebRoute> routes() {
		return List.of(new WebRoute(this.pattern, this.handler.toString()));
	}

}

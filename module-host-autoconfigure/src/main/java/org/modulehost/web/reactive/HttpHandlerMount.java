package org.modulehost.web.reactive;

import java.util.List;

import reactor.core.publisher.Mono;

import org.modulehost.web.WebResourceKind;
import org.modulehost.web.WebRoute;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.util.pattern.PathPattern;

/**
 * An {@link HttpHandler} serving its path and everything below it, as if the path were its
 * context path: {@code request.getPath().pathWithinApplication()} is the path below the mount.
 */
final class HttpHandlerMount implements ReactiveMount {

	private final HttpHandler handler;

	private final PathPattern pattern;

	HttpHandlerMount(String path, HttpHandler handler) {
		this.handler = handler;
		this.pattern = WebHandlerMount.mountPattern(path);
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.HTTP_HANDLER;
	}

	@Override
	public Mono<?> handler(ServerWebExchange exchange, PathContainer path, int lastIndex) {
		ServerHttpRequest request = exchange.getRequest();
		String contextPath = request.getPath().contextPath().value()
				+ ((lastIndex >= 0) ? path.subPath(0, lastIndex + 1).value() : "");
		WebHandler mounted = (current) -> this.handler
			.handle(current.getRequest().mutate().contextPath(contextPath).build(), current.getResponse());
		WebHandlerMount.exposeMatch(exchange, this.pattern, mounted, path, lastIndex);
		return Mono.just(mounted);
	}

	@Override
	public List<WebRoute> routes() {
		return List.of(new WebRoute(this.pattern.getPatternString(), this.handler.toString()));
	}

}

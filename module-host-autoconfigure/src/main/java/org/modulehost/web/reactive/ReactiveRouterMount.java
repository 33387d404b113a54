package org.modulehost.web.reactive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.modulehost.web.WebResourceKind;
import org.modulehost.web.WebRoute;
import org.springframework.core.io.Resource;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebFlux {@link RouterFunction} whose routes are relative to its path, routed by a
 * {@link RouterFunctionMapping} of its own (which exposes the matched pattern).
 */
final class ReactiveRouterMount implements ReactiveMount {

	private final RouterFunction<ServerResponse> routerFunction;

	private final RouterFunctionMapping delegate;

	@SuppressWarnings("unchecked")
	ReactiveRouterMount(String path, RouterFunction<?> routerFunction, List<HttpMessageReader<?>> readers) {
		RouterFunction<ServerResponse> moduleRoutes = (RouterFunction<ServerResponse>) routerFunction;
		this.routerFunction = path.equals("/") ? moduleRoutes
				: RouterFunctions.nest(RequestPredicates.path(path), moduleRoutes);
		// Never a bean, so it never collects the application's router functions
		this.delegate = new RouterFunctionMapping(this.routerFunction);
		if (!readers.isEmpty()) {
			this.delegate.setMessageReaders(readers);
		}
		try {
			this.delegate.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.ROUTER_FUNCTION;
	}

	@Override
	public Mono<?> handler(ServerWebExchange exchange, PathContainer path, int lastIndex) {
		return this.delegate.getHandler(exchange);
	}

	@Override
	public List<WebRoute> routes() {
		RouteVisitor visitor = new RouteVisitor();
		this.routerFunction.accept(visitor);
		return visitor.routes;
	}

	/**
	 * Lists routes as the actuator's mappings endpoint does.
	 */
	private static final class RouteVisitor implements RouterFunctions.Visitor {

		private final List<WebRoute> routes = new ArrayList<>();

		private final Deque<RequestPredicate> predicates = new ArrayDeque<>();

		@Override
		public void startNested(RequestPredicate predicate) {
			this.predicates.addLast(predicate);
		}

		@Override
		public void endNested(RequestPredicate predicate) {
			this.predicates.removeLast();
		}

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
			RequestPredicate all = this.predicates.stream()
				.reduce(RequestPredicate::and)
				.map((nested) -> nested.and(predicate))
				.orElse(predicate);
			this.routes.add(new WebRoute(all.toString(), handlerFunction.toString()));
		}

		@Override
		public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
			this.routes.add(new WebRoute(String.valueOf(lookupFunction), "resources"));
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
			this.routes.add(new WebRoute(String.valueOf(routerFunction), "unknown"));
		}

	}

}

package org.modulehost.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.PathContainer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

/**
 * A {@link RouterFunction} whose routes are relative to its path, routed by a
 * {@link RouterFunctionMapping} of its own (which exposes the matched pattern).
 */
final class RouterMount implements Mount {

	private final String module;

	private final RouterFunction<ServerResponse> routerFunction;

	private final Delegate delegate;

	@SuppressWarnings("unchecked")
	RouterMount(String module, String path, RouterFunction<?> routerFunction, List<HttpMessageConverter<?>> converters) {
		this.module = module;
		RouterFunction<ServerResponse> moduleRoutes = (RouterFunction<ServerResponse>) routerFunction;
		this.routerFunction = path.equals("/") ? moduleRoutes
				: RouterFunctions.nest(RequestPredicates.path(path), moduleRoutes);
		this.delegate = new Delegate();
		this.delegate.setRouterFunction(this.routerFunction);
		if (!converters.isEmpty()) {
			this.delegate.setMessageConverters(converters);
		}
		this.delegate.afterPropertiesSet();
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.ROUTER_FUNCTION;
	}

	@Override
	public @Nullable Object handler(HttpServletRequest request, PathContainer path, int lastIndex) throws Exception {
		try {
			return this.delegate.getHandler(request);
		}
		catch (RuntimeException ex) {
			if (ex instanceof ErrorResponse) {
				throw ex;
			}
			throw new ModuleRoutingException(this.module, ex);
		}
	}

	@Override
	public List<WebRoute> routes() {
		RouteVisitor visitor = new RouteVisitor();
		this.routerFunction.accept(visitor);
		return visitor.routes;
	}

	/**
	 * The router function mapping of one mount; never a bean, so it never collects the
	 * application's router functions.
	 */
	private static final class Delegate extends RouterFunctionMapping {

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
		public void resources(Function<ServerRequest, Optional<Resource>> lookupFunction) {
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

package org.modulehost.web.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.modulehost.web.WebResourceKind;
import org.modulehost.web.WebRoute;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * An object with {@code @RequestMapping} methods whose mappings are relative to its path, matched
 * by a WebFlux {@link RequestMappingHandlerMapping} of its own that knows only this object. The
 * application's {@code RequestMappingHandlerAdapter} invokes the methods, with WebFlux's argument
 * resolution, codecs and exception handling.
 */
final class ReactiveControllerMount implements ReactiveMount {

	private final Delegate delegate;

	private ReactiveControllerMount(Delegate delegate) {
		this.delegate = delegate;
	}

	/**
	 * Mounts a controller.
	 * @param path the mount path
	 * @param controller the module's object
	 * @return the mount, or {@code null} when the object has no request mapping methods (or is a
	 * string, which Spring would take for a bean name)
	 * @throws IllegalStateException if its mappings are invalid or ambiguous
	 */
	static @Nullable ReactiveControllerMount of(String path, Object controller) {
		if (controller instanceof String) {
			return null;
		}
		Delegate delegate = new Delegate(path);
		delegate.afterPropertiesSet();
		delegate.detect(controller);
		return delegate.getHandlerMethods().isEmpty() ? null : new ReactiveControllerMount(delegate);
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.CONTROLLER;
	}

	@Override
	public Mono<?> handler(ServerWebExchange exchange, PathContainer path, int lastIndex) {
		return this.delegate.getHandler(exchange);
	}

	@Override
	public List<WebRoute> routes() {
		List<WebRoute> routes = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.delegate.getHandlerMethods().entrySet()) {
			routes.add(new WebRoute(entry.getKey().toString(), entry.getValue().toString()));
		}
		return routes;
	}

	/**
	 * The request mapping of one mount; never a bean, so it never collects the application's
	 * controllers.
	 */
	private static final class Delegate extends RequestMappingHandlerMapping {

		Delegate(String path) {
			if (!path.equals("/")) {
				setPathPrefixes(Map.of(path, (type) -> true));
			}
		}

		@Override
		protected void initHandlerMethods() {
			// Only the module's object, registered by detect(Object)
		}

		void detect(Object controller) {
			detectHandlerMethods(controller);
		}

	}

}

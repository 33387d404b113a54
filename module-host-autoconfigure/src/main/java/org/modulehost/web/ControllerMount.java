package org.modulehost.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An object with {@code @RequestMapping} methods whose mappings are relative to its path, matched
 * by a {@link RequestMappingHandlerMapping} of its own that knows only this object.
 */
final class ControllerMount implements Mount {

	private final Delegate delegate;

	private ControllerMount(Delegate delegate) {
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
	@Nullable
	static ControllerMount of(String path, Object controller) {
		if (controller instanceof String) {
			return null;
		}
		Delegate delegate = new Delegate(path);
		delegate.afterPropertiesSet();
		delegate.detect(controller);
		return delegate.getHandlerMethods().isEmpty() ? null : new ControllerMount(delegate);
	}

	@Override
	public WebResourceKind kind() {
		return WebResourceKind.CONTROLLER;
	}

	@Override
	public @Nullable Object handler(HttpServletRequest request, PathContainer path, int lastIndex) throws Exception {
		return this.delegate.getHandler(request);
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

package org.modulehost.web;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.WebResourceRegistrar;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * The web resources of all modules in a Spring MVC application: checks each registration against
 * the rules of {@link WebResourceMounts} (path syntax, reserved namespaces, the first module keeps
 * a path), turns the resource into a mount of its kind, and publishes the active ones to
 * {@link ModuleHandlerMapping} as an immutable table (copy-on-write: requests read it without a
 * lock).
 */
public final class ModuleWebResources implements WebResourceRegistrar {

	private static final String ACCEPTED = "pass an org.springframework.web.HttpRequestHandler, an"
			+ " org.springframework.web.servlet.function.RouterFunction<ServerResponse>, or an object with"
			+ " @RequestMapping-family methods (e.g. a @RestController)";

	private final WebResourceMounts<Mount> mounts;

	private final Supplier<List<HttpMessageConverter<?>>> messageConverters;

	ModuleWebResources(List<ReservedNamespace> reserved, Supplier<List<HttpMessageConverter<?>>> messageConverters) {
		this.mounts = new WebResourceMounts<>(reserved);
		this.messageConverters = messageConverters;
	}

	/**
	 * Mounts a module's resource.
	 * @param module the registering module, its window open
	 * @param path the absolute, normalised path
	 * @param resource an {@link HttpRequestHandler}, a {@code RouterFunction<ServerResponse>} or
	 * an object with {@code @RequestMapping} methods
	 * @throws IllegalArgumentException if the path is not normalised, lies in a reserved
	 * namespace, or the resource is of none of the accepted kinds
	 */
	@Override
	public void registerWebResource(ModuleRegistration module, String path, Object resource) {
		this.mounts.register(module, path, () -> mount(module, path, resource));
	}

	private Mount mount(ModuleRegistration module, String path, @Nullable Object resource) {
		if (resource instanceof HttpRequestHandler handler) {
			return new HandlerMount(path, handler);
		}
		if (resource instanceof RouterFunction<?> routerFunction) {
			return new RouterMount(module.name(), path, routerFunction, this.messageConverters.get());
		}
		if (resource == null) {
			throw WebResourceMounts.refused(module, path, "the resource is null; " + ACCEPTED);
		}
		ControllerMount controller;
		try {
			controller = ControllerMount.of(path, resource);
		}
		catch (IllegalStateException ex) {
			throw new IllegalArgumentException(WebResourceMounts.prefix(module, path)
					+ "its request mappings are invalid: " + ex.getMessage(), ex);
		}
		if (controller == null) {
			String what = (resource instanceof Class<?> type) ? "the class " + type.getName()
					+ " itself (pass an instance)" : "a " + resource.getClass().getName();
			throw WebResourceMounts.refused(module, path, what + " is not a web resource; " + ACCEPTED);
		}
		return controller;
	}

	MountTable<WebResourceMounts.Mounted<Mount>> table() {
		return this.mounts.table();
	}

	/**
	 * Returns the reserved namespaces, in which no module may register and which no request
	 * routes to a module.
	 * @return the namespaces' paths
	 */
	public List<String> reservedPaths() {
		return this.mounts.reservedPaths();
	}

	/**
	 * Describes every registration, active and shadowed, in registration order.
	 * @return the resources
	 */
	public List<ModuleWebResource> resources() {
		return this.mounts.resources();
	}

}

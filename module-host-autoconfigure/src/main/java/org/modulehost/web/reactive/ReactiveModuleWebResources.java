package org.modulehost.web.reactive;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.WebResourceRegistrar;
import org.modulehost.web.ModuleWebResource;
import org.modulehost.web.MountTable;
import org.modulehost.web.ReservedNamespace;
import org.modulehost.web.WebResourceMounts;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.server.WebHandler;

/**
 * The web resources of all modules in a WebFlux application: checks each registration against
 * the same rules as on Spring MVC ({@link WebResourceMounts}: path syntax, reserved namespaces,
 * the first module keeps a path), turns the resource into a mount of its kind, and publishes the
 * active ones to {@link ReactiveModuleHandlerMapping} as an immutable table.
 */
public final class ReactiveModuleWebResources implements WebResourceRegistrar {

	private static final String ACCEPTED = "pass an org.springframework.web.server.WebHandler, an"
			+ " org.springframework.http.server.reactive.HttpHandler, an"
			+ " org.springframework.web.reactive.function.server.RouterFunction<ServerResponse>, or an object with"
			+ " @RequestMapping-family methods (e.g. a @RestController)";

	private final WebResourceMounts<ReactiveMount> mounts;

	private final Supplier<List<HttpMessageReader<?>>> messageReaders;

	ReactiveModuleWebResources(List<ReservedNamespace> reserved, Supplier<List<HttpMessageReader<?>>> messageReaders) {
		this.mounts = new WebResourceMounts<>(reserved);
		this.messageReaders = messageReaders;
	}

	/**
	 * Mounts a module's resource.
	 * @param module the registering module, its window open
	 * @param path the absolute, normalised path
	 * @param resource a {@link WebHandler}, an {@link HttpHandler}, a WebFlux
	 * {@code RouterFunction<ServerResponse>} or an object with {@code @RequestMapping} methods
	 * @throws IllegalArgumentException if the path is not normalised, lies in a reserved
	 * namespace, or the resource is of none of the accepted kinds
	 */
	@Override
	public void registerWebResource(ModuleRegistration module, String path, Object resource) {
		this.mounts.register(module, path, () -> mount(module, path, resource));
	}

	private ReactiveMount mount(ModuleRegistration module, String path, @Nullable Object resource) {
		if (resource instanceof WebHandler handler) {
			return new WebHandlerMount(path, handler);
		}
		if (resource instanceof HttpHandler handler) {
			return new HttpHandlerMount(path, handler);
		}
		if (resource instanceof RouterFunction<?> routerFunction) {
			return new ReactiveRouterMount(path, routerFunction, this.messageReaders.get());
		}
		if (resource == null) {
			throw WebResourceMounts.refused(module, path, "the resource is null; " + ACCEPTED);
		}
		ReactiveControllerMount controller;
		try {
			controller = ReactiveControllerMount.of(path, resource);
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

	MountTable<WebResourceMounts.Mounted<ReactiveMount>> table() {
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

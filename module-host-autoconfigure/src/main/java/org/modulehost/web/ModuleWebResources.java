package org.modulehost.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.WebResourceRegistrar;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * The web resources of all modules: checks each registration against the path rules, keeps the
 * first registration of each path (modules register in configuration order, so the first module
 * in the configuration wins; later ones are logged and kept as shadowed), and publishes the
 * active ones to {@link ModuleHandlerMapping} as an immutable table (copy-on-write: requests read
 * it without a lock).
 */
public final class ModuleWebResources implements WebResourceRegistrar {

	private static final Log logger = LogFactory.getLog(ModuleWebResources.class);

	private static final String ACCEPTED = "pass an org.springframework.web.HttpRequestHandler, an"
			+ " org.springframework.web.servlet.function.RouterFunction<ServerResponse>, or an object with"
			+ " @RequestMapping-family methods (e.g. a @RestController)";

	private final List<ReservedNamespace> reserved;

	private final Supplier<List<HttpMessageConverter<?>>> messageConverters;

	private final List<Registered> registrations = new ArrayList<>();

	private volatile MountTable table = MountTable.EMPTY;

	ModuleWebResources(List<ReservedNamespace> reserved, Supplier<List<HttpMessageConverter<?>>> messageConverters) {
		this.reserved = List.copyOf(reserved);
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
		String problem = WebResourcePaths.problem(path);
		if (problem != null) {
			throw refused(module, path, problem);
		}
		for (ReservedNamespace namespace : this.reserved) {
			if (WebResourcePaths.isWithin(path, namespace.path())) {
				throw refused(module, path, "the path is inside the reserved namespace '" + namespace.path() + "' ("
						+ namespace.owner() + "); mount module resources under '/_synapse/client/" + module.name()
						+ "' or a root path of the module's own");
			}
		}
		Mount mount = mount(module, path, resource);
		Registered registered = new Registered(module.name(), path, mount);
		synchronized (this.registrations) {
			Registered holder = holder(path);
			this.registrations.add(registered);
			if (holder != null) {
				logger.warn("Module '" + module.name() + "' tried to register a web resource for path " + path
						+ " but module '" + holder.module() + "' has already registered a resource for this path; '"
						+ module.name() + "''s resource is ignored and shown as shadowed");
			}
			else {
				publish();
				logger.debug("Module '" + module.name() + "' mounted a " + mount.kind().displayName() + " at " + path);
			}
		}
		module.onFailure(() -> remove(registered));
	}

	private Mount mount(ModuleRegistration module, String path, @Nullable Object resource) {
		if (resource instanceof HttpRequestHandler handler) {
			return new HandlerMount(path, handler);
		}
		if (resource instanceof RouterFunction<?> routerFunction) {
			return new RouterMount(module.name(), path, routerFunction, this.messageConverters.get());
		}
		if (resource == null) {
			throw refused(module, path, "the resource is null; " + ACCEPTED);
		}
		ControllerMount controller;
		try {
			controller = ControllerMount.of(path, resource);
		}
		catch (IllegalStateException ex) {
			throw new IllegalArgumentException(prefix(module, path) + "its request mappings are invalid: "
					+ ex.getMessage(), ex);
		}
		if (controller == null) {
			String what = (resource instanceof Class<?> type) ? "the class " + type.getName()
					+ " itself (pass an instance)" : "a " + resource.getClass().getName();
			throw refused(module, path, what + " is not a web resource; " + ACCEPTED);
		}
		return controller;
	}

	private static IllegalArgumentException refused(ModuleRegistration module, @Nullable String path, String problem) {
		return new IllegalArgumentException(prefix(module, path) + problem);
	}

	private static String prefix(ModuleRegistration module, @Nullable String path) {
		return "Module '" + module.name() + "' cannot register a web resource at '" + path + "': ";
	}

	@Nullable
	private Registered holder(String path) {
		for (Registered registered : this.registrations) {
			if (registered.path().equals(path)) {
				return registered;
			}
		}
		return null;
	}

	private void remove(Registered registered) {
		synchronized (this.registrations) {
			this.registrations.remove(registered);
			publish();
		}
	}

	private void publish() {
		Map<String, Registered> active = new LinkedHashMap<>();
		this.registrations.forEach((registered) -> active.putIfAbsent(registered.path(), registered));
		this.table = MountTable.of(active, this.reserved);
	}

	MountTable table() {
		return this.table;
	}

	/**
	 * Returns the reserved namespaces, in which no module may register and which no request
	 * routes to a module.
	 * @return the namespaces' paths
	 */
	public List<String> reservedPaths() {
		return this.reserved.stream().map(ReservedNamespace::path).toList();
	}

	/**
	 * Describes every registration, active and shadowed, in registration order.
	 * @return the resources
	 */
	public List<ModuleWebResource> resources() {
		List<ModuleWebResource> resources = new ArrayList<>();
		synchronized (this.registrations) {
			for (Registered registered : this.registrations) {
				Registered holder = holder(registered.path());
				String shadowedBy = (holder != registered && holder != null) ? holder.module() : null;
				resources.add(new ModuleWebResource(registered.module(), registered.path(), registered.mount().kind(),
						shadowedBy, registered.mount().routes()));
			}
		}
		return resources;
	}

	/**
	 * One registration.
	 */
	private record Registered(String module, String path, Mount mount) implements MountTable.MountedResource {

	}

}

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

/**
 * The rules of module web resources that do not depend on the web stack, shared by Spring MVC's
 * {@link ModuleWebResources} and WebFlux's registrar: checks each path against the path rules and
 * the reserved namespaces, keeps the first registration of each path (modules register in
 * configuration order, so the first module in the configuration wins; later ones are logged and
 * kept as shadowed), and publishes the active mounts as an immutable {@link MountTable}
 * (copy-on-write: requests read it without a lock).
 *
 * @param <M> the web stack's type of mount
 */
public final class WebResourceMounts<M extends WebMount> {

	private static final Log logger = LogFactory.getLog(WebResourceMounts.class);

	private final List<ReservedNamespace> reserved;

	private final List<Mounted<M>> registrations = new ArrayList<>();

	private volatile MountTable<Mounted<M>> table;

	/**
	 * Creates the mounts of one application.
	 * @param reserved the reserved namespaces
	 */
	public WebResourceMounts(List<ReservedNamespace> reserved) {
		this.reserved = List.copyOf(reserved);
		this.table = MountTable.of(Map.of(), this.reserved);
	}

	/**
	 * Mounts a module's resource once its path passed the rules.
	 * @param module the registering module, its window open
	 * @param path the path as the module passed it
	 * @param mount makes the mount, once the path is accepted; throws
	 * {@link IllegalArgumentException} (see {@link #refused}) for a resource it does not accept
	 * @throws IllegalArgumentException if the path is not normalised, lies in a reserved
	 * namespace, or the resource is refused
	 */
	public void register(ModuleRegistration module, @Nullable String path, Supplier<M> mount) {
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
		Mounted<M> registered = new Mounted<>(module.name(), path, mount.get());
		synchronized (this.registrations) {
			Mounted<M> holder = holder(path);
			this.registrations.add(registered);
			if (holder != null) {
				logger.warn("Module '" + module.name() + "' tried to register a web resource for path " + path
						+ " but module '" + holder.module() + "' has already registered a resource for this path; '"
						+ module.name() + "''s resource is ignored and shown as shadowed");
			}
			else {
				publish();
				logger.debug("Module '" + module.name() + "' mounted a " + registered.mount().kind().displayName()
						+ " at " + path);
			}
		}
		module.onFailure(() -> remove(registered));
	}

	/**
	 * Makes the exception that refuses a registration, in the words every refusal uses.
	 * @param module the registering module
	 * @param path the path as the module passed it
	 * @param problem what is wrong, and what to do instead
	 * @return the exception
	 */
	public static IllegalArgumentException refused(ModuleRegistration module, @Nullable String path, String problem) {
		return new IllegalArgumentException(prefix(module, path) + problem);
	}

	/**
	 * Starts the message of a refusal.
	 * @param module the registering module
	 * @param path the path as the module passed it
	 * @return {@code Module '<name>' cannot register a web resource at '<path>': }
	 */
	public static String prefix(ModuleRegistration module, @Nullable String path) {
		return "Module '" + module.name() + "' cannot register a web resource at '" + path + "': ";
	}

	@Nullable
	private Mounted<M> holder(String path) {
		for (Mounted<M> registered : this.registrations) {
			if (registered.path().equals(path)) {
				return registered;
			}
		}
		return null;
	}

	private void remove(Mounted<M> registered) {
		synchronized (this.registrations) {
			this.registrations.remove(registered);
			publish();
		}
	}

	private void publish() {
		Map<String, Mounted<M>> active = new LinkedHashMap<>();
		this.registrations.forEach((registered) -> active.putIfAbsent(registered.path(), registered));
		this.table = MountTable.of(active, this.reserved);
	}

	/**
	 * Returns the table of the active mounts, for routing requests.
	 * @return the current table
	 */
	public MountTable<Mounted<M>> table() {
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
			for (Mounted<M> registered : this.registrations) {
				Mounted<M> holder = holder(registered.path());
				String shadowedBy = (holder != registered && holder != null) ? holder.module() : null;
				resources.add(new ModuleWebResource(registered.module(), registered.path(), registered.mount().kind(),
						shadowedBy, registered.mount().routes()));
			}
		}
		return resources;
	}

	/**
	 * One registration.
	 *
	 * @param <M> the web stack's type of mount
	 * @param module the registering module's name
	 * @param path the path it is mounted at
	 * @param mount the mount
	 */
	public record Mounted<M extends WebMount>(String module, String path, M mount)
			implements MountTable.MountedResource {

	}

}

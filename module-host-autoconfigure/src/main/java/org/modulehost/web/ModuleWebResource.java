package org.modulehost.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A web resource a module registered, as the actuator describes it.
 *
 * @param module the registering module's name
 * @param path the path it is mounted at
 * @param kind the kind of resource
 * @param shadowedBy the module that registered the same path first and holds it, or
 * {@code null} when this resource is active
 * @param routes what the resource serves
 */
public record ModuleWebResource(String module, String path, WebResourceKind kind, @Nullable String shadowedBy,
		List<WebRoute> routes) {

	/**
	 * Tells whether requests reach this resource, i.e. it is not shadowed.
	 * @return whether it is active
	 */
	public boolean active() {
		return this.shadowedBy == null;
	}

}

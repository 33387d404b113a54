package org.modulehost.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleDetailsContributor;

/**
 * Adds {@code webResources} to each module's entry in {@code /actuator/modules}: path, kind,
 * whether it is active or shadowed and by whom, which later modules it shadows, and its routes.
 */
public class WebResourcesDetailsContributor implements ModuleDetailsContributor {

	private final Supplier<List<ModuleWebResource>> resources;

	/**
	 * Creates the contributor.
	 * @param resources the modules' web resources
	 */
	public WebResourcesDetailsContributor(ModuleWebResources resources) {
		this(resources::resources);
	}

	/**
	 * Creates the contributor for any web stack.
	 * @param resources describes the modules' web resources, active and shadowed, in
	 * registration order
	 */
	public WebResourcesDetailsContributor(Supplier<List<ModuleWebResource>> resources) {
		this.resources = resources;
	}

	@Override
	public String key() {
		return "webResources";
	}

	@Override
	public @Nullable Object details(LoadedModule module) {
		if (module.registration() == null) {
			return null;
		}
		List<ModuleWebResource> all = this.resources.get();
		List<Map<String, Object>> details = new ArrayList<>();
		for (ModuleWebResource resource : all) {
			if (resource.module().equals(module.name())) {
				details.add(describe(resource, all));
			}
		}
		return details;
	}

	private static Map<String, Object> describe(ModuleWebResource resource, List<ModuleWebResource> all) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("path", resource.path());
		description.put("kind", resource.kind().displayName());
		description.put("state", resource.active() ? "ACTIVE" : "SHADOWED");
		if (resource.active()) {
			List<String> shadows = all.stream()
				.filter((other) -> other != resource && other.path().equals(resource.path()))
				.map(ModuleWebResource::module)
				.toList();
			if (!shadows.isEmpty()) {
				description.put("shadows", shadows);
			}
		}
		else {
			description.put("shadowedBy", resource.shadowedBy());
		}
		description.put("routes", resource.routes());
		return description;
	}

}

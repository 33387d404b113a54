package org.modulehost.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.actuate.web.mappings.MappingDescriptionProvider;
import org.springframework.context.ApplicationContext;

/**
 * Lists the routes of modules' active web resources in {@code /actuator/mappings}, under
 * {@code moduleWebResources}.
 */
public class ModuleMappingDescriptionProvider implements MappingDescriptionProvider {

	private final Supplier<List<ModuleWebResource>> resources;

	/**
	 * Creates the provider.
	 * @param resources the modules' web resources
	 */
	public ModuleMappingDescriptionProvider(ModuleWebResources resources) {
		this(resources::resources);
	}

	/**
	 * Creates the provider for any web stack.
	 * @param resources describes the modules' web resources, active and shadowed, in
	 * registration order
	 */
	public ModuleMappingDescriptionProvider(Supplier<List<ModuleWebResource>> resources) {
		this.resources = resources;
	}

	@Override
	public String getMappingName() {
		return "moduleWebResources";
	}

	@Override
	public List<ModuleMappingDescription> describeMappings(ApplicationContext context) {
		List<ModuleMappingDescription> descriptions = new ArrayList<>();
		for (ModuleWebResource resource : this.resources.get()) {
			if (resource.active()) {
				for (WebRoute route : resource.routes()) {
					descriptions.add(new ModuleMappingDescription(route.predicate(), route.handler(), resource.module(),
							resource.path(), resource.kind().displayName()));
				}
			}
		}
		return descriptions;
	}

	/**
	 * One route of a module's web resource.
	 *
	 * @param predicate what a request must match
	 * @param handler what handles it
	 * @param module the module's name
	 * @param path the path the resource is mounted at
	 * @param kind the kind of resource
	 */
	public record ModuleMappingDescription(String predicate, String handler, String module, String path, String kind) {

	}

}

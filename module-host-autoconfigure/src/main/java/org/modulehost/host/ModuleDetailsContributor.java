package org.modulehost.host;

import org.jspecify.annotations.Nullable;

/**
 * Adds a section to each module's entry in {@code /actuator/modules}, e.g. its web resources.
 */
public interface ModuleDetailsContributor {

	/**
	 * Returns the section's key in the module's entry.
	 * @return a key such as {@code webResources}
	 */
	String key();

	/**
	 * Describes what a module has in this feature.
	 * @param module the module
	 * @return a JSON-friendly value (maps, lists, strings, numbers), or {@code null} to omit
	 */
	@Nullable
	Object details(LoadedModule module);

}

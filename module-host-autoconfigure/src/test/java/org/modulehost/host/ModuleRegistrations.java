package org.modulehost.host;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds {@link ModuleRegistration}s for tests of feature registrars that run without a
 * {@link ModuleHost}.
 */
public final class ModuleRegistrations {

	private ModuleRegistrations() {
	}

	/**
	 * Returns the registration of a module whose constructor is running.
	 * @param name the module's name
	 * @param index its position in {@code modules:}
	 * @return the registration, its window open
	 */
	public static ModuleRegistration open(String name, int index) {
		ModuleDefinition definition = new ModuleDefinition(index, "test." + name, name, true, Map.of(),
				(List<String> keys) -> null);
		ModuleRegistration registration = new ModuleRegistration(definition, name, Object.class);
		registration.open(true);
		return registration;
	}

	/**
	 * Undoes what a module registered, as the host does when the module fails to load.
	 * @param registration the module's registration
	 */
	public static void fail(ModuleRegistration registration) {
		registration.open(false);
		registration.rollback();
	}

	/**
	 * Returns the refusal a registrar recorded for a module.
	 * @param registration the module's registration
	 * @return the refusal, or {@code null}
	 */
	@Nullable
	public static RuntimeException refusal(ModuleRegistration registration) {
		return registration.refusal();
	}

}

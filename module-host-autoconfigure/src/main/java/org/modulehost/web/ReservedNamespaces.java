package org.modulehost.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * The namespaces no module may mount a resource in, on either web stack: the Matrix and Synapse
 * APIs, the actuator's base path, the error path and {@code modulehost.web.reserved-paths}.
 */
public final class ReservedNamespaces {

	private static final String PROPERTY = "modulehost.web.reserved-paths";

	private ReservedNamespaces() {
	}

	/**
	 * Lists the reserved namespaces of an application.
	 * @param properties the web settings
	 * @param environment where the actuator's base path and the error path are configured
	 * @return the namespaces
	 * @throws InvalidConfigurationPropertyValueException if a path in
	 * {@code modulehost.web.reserved-paths} is not a valid mount path
	 */
	public static List<ReservedNamespace> of(ModuleWebProperties properties, Environment environment) {
		List<ReservedNamespace> reserved = new ArrayList<>();
		reserved.add(new ReservedNamespace("/_matrix/client", "the Matrix client-server API"));
		reserved.add(new ReservedNamespace("/_matrix/federation", "the Matrix server-server API"));
		reserved.add(new ReservedNamespace("/_matrix/key", "the Matrix key API"));
		reserved.add(new ReservedNamespace("/_matrix/media", "the Matrix media API"));
		reserved.add(new ReservedNamespace("/_synapse/admin", "the Synapse admin API"));
		String actuator = trimmed(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		if (actuator.startsWith("/") && !actuator.equals("/")) {
			reserved.add(new ReservedNamespace(actuator,
					"the actuator's base path, management.endpoints.web.base-path"));
		}
		String error = trimmed(environment.getProperty("spring.web.error.path",
				environment.getProperty("error.path", "/error")));
		if (error.startsWith("/") && !error.equals("/")) {
			reserved.add(new ReservedNamespace(error, "the error path, spring.web.error.path"));
		}
		List<String> configured = properties.getReservedPaths();
		for (int i = 0; i < configured.size(); i++) {
			String path = configured.get(i);
			String problem = WebResourcePaths.problem(path);
			if (problem != null) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY + "[" + i + "]", path, problem);
			}
			reserved.add(new ReservedNamespace(path, "listed in " + PROPERTY));
		}
		return reserved;
	}

	private static String trimmed(String path) {
		String trimmed = path.trim();
		while (trimmed.length() > 1 && trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

}

package org.modulehost.homeserver.modules;

import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Hands its {@link HomeserverModuleApi} to tests, which call it as a module would.
 */
public class ApiProbe {

	private static volatile HomeserverModuleApi api;

	public ApiProbe(Map<String, Object> config, HomeserverModuleApi api) {
		ApiProbe.api = api;
		api.registerWebResource("/_synapse/client/probe/forbidden", (request, response) -> {
			throw new MatrixError(403, Codes.FORBIDDEN, "Probes may not pass");
		});
	}

	public static HomeserverModuleApi api() {
		return api;
	}

}

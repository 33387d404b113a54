package org.modulehost.homeserver.modules;

import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;

/**
 * Hands its {@link HomeserverModuleApi} to tests, which call it as a module would. Tests reach
 * the probe of their own context through its {@code ModuleHost} (several test contexts, each
 * with a probe, may be alive at once), see {@code WithTestModules.probeApi()}.
 */
public class ApiProbe {

	private final HomeserverModuleApi api;

	public ApiProbe(Map<String, Object> config, HomeserverModuleApi api) {
		this.api = api;
		api.registerWebResource("/_synapse/client/probe/forbidden", (request, response) -> {
			throw new MatrixError(403, Codes.FORBIDDEN, "Probes may not pass");
		});
	}

	public HomeserverModuleApi api() {
		return this.api;
	}

}

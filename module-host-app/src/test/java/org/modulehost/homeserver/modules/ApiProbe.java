package org.modulehost.homeserver.modules;

import java.util.Map;

import org.modulehost.homeserver.api.HomeserverModuleApi;

/**
 * Hands its {@link HomeserverModuleApi} to tests, which call it as a module would.
 */
public class ApiProbe {

	private static volatile HomeserverModuleApi api;

	public ApiProbe(Map<String, Object> config, HomeserverModuleApi api) {
		ApiProbe.api = api;
	}

	public static HomeserverModuleApi api() {
		return api;
	}

}

package org.modulehost.benchmarks;

import java.util.Map;

import org.modulehost.api.ModuleApi;

/**
 * A module that does nothing: what loading costs when the module itself costs nothing.
 */
public class TrivialModule {

	private final Object config;

	/**
	 * Builds the module.
	 * @param config its raw configuration
	 * @param api its API
	 */
	public TrivialModule(Map<String, Object> config, ModuleApi api) {
		this.config = config;
	}

	@Override
	public String toString() {
		return "TrivialModule" + this.config;
	}

}

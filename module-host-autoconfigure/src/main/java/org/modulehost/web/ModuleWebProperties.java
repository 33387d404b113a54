package org.modulehost.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of module web resources.
 */
@ConfigurationProperties("modulehost.web")
public class ModuleWebProperties {

	/** Further path namespaces no module may register a web resource in, e.g. /health or /_myapp. */
	private List<String> reservedPaths = new ArrayList<>();

	public List<String> getReservedPaths() {
		return this.reservedPaths;
	}

	public void setReservedPaths(List<String> reservedPaths) {
		this.reservedPaths = reservedPaths;
	}

}

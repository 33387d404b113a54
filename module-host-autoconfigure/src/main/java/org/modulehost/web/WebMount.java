package org.modulehost.web;

import java.util.List;

/**
 * A module's resource mounted at a path, as either web stack (Spring MVC or WebFlux) holds it.
 */
public interface WebMount {

	/**
	 * Returns the kind of resource.
	 * @return the kind
	 */
	WebResourceKind kind();

	/**
	 * Describes the routes of the resource.
	 * @return the routes
	 */
	List<WebRoute> routes();

}

package org.modulehost.web;

/**
 * The kinds of web resource a module may register.
 */
public enum WebResourceKind {

	/** An {@code org.springframework.web.HttpRequestHandler}: its path and everything below it. */
	HTTP_REQUEST_HANDLER("HttpRequestHandler"),

	/** A {@code RouterFunction<ServerResponse>} (Spring MVC's or WebFlux's): its routes, relative to its path. */
	ROUTER_FUNCTION("RouterFunction"),

	/** An object with {@code @RequestMapping} methods: its mappings, relative to its path. */
	CONTROLLER("Controller"),

	/** A WebFlux {@code org.springframework.web.server.WebHandler}: its path and everything below it. */
	WEB_HANDLER("WebHandler"),

	/**
	 * A WebFlux {@code org.springframework.http.server.reactive.HttpHandler}: its path and
	 * everything below it, the path being its context path.
	 */
	HTTP_HANDLER("HttpHandler");

	private final String displayName;

	WebResourceKind(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Returns the name shown in the actuator and in messages.
	 * @return the name, e.g. {@code HttpRequestHandler}
	 */
	public String displayName() {
		return this.displayName;
	}

}

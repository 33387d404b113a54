package org.modulehost.web;

/**
 * The kinds of web resource a module may register.
 */
public enum WebResourceKind {

	/** An {@code org.springframework.web.HttpRequestHandler}: its path and everything below it. */
	HTTP_REQUEST_HANDLER("HttpRequestHandler"),

	/** A {@code RouterFunction<ServerResponse>}: its routes, relative to its path. */
	ROUTER_FUNCTION("RouterFunction"),

	/** An object with {@code @RequestMapping} methods: its mappings, relative to its path. */
	CONTROLLER("Controller");

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

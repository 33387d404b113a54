package org.modulehost.web;

/**
 * A module's code failed while a request was being routed to its resource, e.g. in a request
 * predicate of its router function.
 */
final class ModuleRoutingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String module;

	ModuleRoutingException(String module, Throwable cause) {
		super("Module '" + module + "' failed while routing a request: " + cause, cause);
		this.module = module;
	}

	String module() {
		return this.module;
	}

}

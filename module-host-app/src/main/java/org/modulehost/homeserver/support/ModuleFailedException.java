package org.modulehost.homeserver.support;

/**
 * A callback failed with something other than a {@code MatrixError}: the operation fails and the
 * client sees 500, as with Synapse's {@code ModuleFailedException}.
 */
public class ModuleFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param callback the callback that failed
	 * @param cause its failure
	 */
	public ModuleFailedException(String callback, Throwable cause) {
		super("Callback " + callback + " failed: " + cause, cause);
	}

}

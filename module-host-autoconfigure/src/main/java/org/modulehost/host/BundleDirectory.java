package org.modulehost.host;

import java.nio.file.Path;

/**
 * Where the host looks for module bundles: each jar, directory or zip in it gets its own class
 * loader ({@code modulehost.bundles.directory}).
 *
 * @param path the directory, relative to the working directory unless absolute
 * @param required whether a missing directory stops start-up (it was configured) rather than
 * meaning no bundles (the default {@code modules})
 */
public record BundleDirectory(Path path, boolean required) {

	/** The default: {@code ./modules}, which may be absent. */
	public static final BundleDirectory DEFAULT = new BundleDirectory(Path.of("modules"), false);

}

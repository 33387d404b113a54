package org.modulehost.app;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a directory named by {@code loader.path} that does not exist.
 */
class MissingModuleDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<DropInModules.MissingModuleDirectoryException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DropInModules.MissingModuleDirectoryException cause) {
		return new FailureAnalysis(cause.getMessage(), "Create the directory '" + cause.entry()
				+ "' and put the jars for the application class path in it, or correct -Dloader.path (or the"
				+ " LOADER_PATH variable). Modules belong in the module bundle directory (./modules,"
				+ " modulehost.bundles.directory), where each gets its own class loader.", cause);
	}

}

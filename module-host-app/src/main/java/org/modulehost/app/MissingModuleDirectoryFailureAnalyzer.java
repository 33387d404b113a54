package org.modulehost.app;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a drop-in module directory that does not exist.
 */
class MissingModuleDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<DropInModules.MissingModuleDirectoryException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DropInModules.MissingModuleDirectoryException cause) {
		return new FailureAnalysis(cause.getMessage(), "Create the directory '" + cause.entry()
				+ "' and put module jars in it, or correct -Dloader.path (or the LOADER_PATH variable); without either,"
				+ " the server reads ./" + DropInModules.DEFAULT_PATH + " if it exists.", cause);
	}

}

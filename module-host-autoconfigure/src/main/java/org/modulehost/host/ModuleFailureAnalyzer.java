package org.modulehost.host;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a module that could not be loaded: which entry, which key, what is wrong and what
 * to change.
 */
class ModuleFailureAnalyzer extends AbstractFailureAnalyzer<ModuleLoadException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ModuleLoadException cause) {
		return new FailureAnalysis("A module could not be loaded.\n\n    " + cause.getMessage(), cause.action(), cause);
	}

}

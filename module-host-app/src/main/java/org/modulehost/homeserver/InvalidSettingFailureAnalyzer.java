package org.modulehost.homeserver;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up stopped by an {@link InvalidSettingException}: the setting, what is wrong
 * with it, and the fix, as Spring Boot reports a failed start-up, without a stack trace.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		String fix = cause.fix();
		return new FailureAnalysis("The setting '" + cause.key() + "' " + cause.problem() + ".",
				Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + ".", cause);
	}

}

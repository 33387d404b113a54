package org.modulehost.cache.actuate;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code modulehost.admin.token} is set to a non-blank value: without it, the
 * write operations are not exposed at all.
 */
class OnAdminTokenCondition extends SpringBootCondition {

	static final String PROPERTY = "modulehost.admin.token";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY))) {
			return ConditionOutcome.match(PROPERTY + " is set");
		}
		return ConditionOutcome.noMatch(PROPERTY + " is not set, so write operations are not exposed");
	}

}

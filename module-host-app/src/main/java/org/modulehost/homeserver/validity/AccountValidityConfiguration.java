package org.modulehost.homeserver.validity;

import java.time.Clock;

import org.modulehost.homeserver.AccountValidityProperties;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The legacy account-validity endpoints and their rate limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountValidityProperties.class)
@Import(LegacyAccountValidityController.class)
public final class AccountValidityConfiguration {

	@Bean
	LegacyAccountValidityController.Limits homeserverLegacyAccountValidityLimits(AccountValidityProperties properties,
			Clock clock) {
		return new LegacyAccountValidityController.Limits(
				Ratelimiter.fixed("account_validity.send_mail", properties.getSendMailRatelimit(), clock),
				Ratelimiter.fixed("account_validity.renew", properties.getRenewRatelimit(), clock));
	}

}

package org.modulehost.homeserver.search;

import java.time.Clock;

import org.modulehost.homeserver.SearchProperties;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.SearchReader;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Server-side search: the index reader and {@code POST /search}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
@Import(SearchController.class)
public final class SearchConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SearchReader homeserverSearchReader(Database database, JsonCodec json) {
		return new SearchReader(database, json);
	}

	@Bean
	SearchController.Limits homeserverSearchLimits(SearchProperties properties, Clock clock) {
		if (properties.getMaxLimit() < 1 || properties.getDefaultLimit() < 1 || properties.getMaxTermLength() < 1
				|| properties.getMaxWords() < 1 || properties.getMaxContextLimit() < 0) {
			throw new IllegalStateException("homeserver.search.max-limit, default-limit, max-term-length and max-words "
					+ "must be at least 1 and max-context-limit at least 0; fix the one that is not");
		}
		return new SearchController.Limits(properties, Ratelimiter.fixed("search", properties.getRatelimit(), clock));
	}

}

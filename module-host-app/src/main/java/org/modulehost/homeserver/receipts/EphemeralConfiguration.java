package org.modulehost.homeserver.receipts;

import java.time.Clock;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.EventWriter;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.AccountData;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Typing notifications, read receipts and markers, and unread counts.
 */
@Configuration(proxyBeanMethods = false)
@Import(ReceiptsController.class)
public final class EphemeralConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TypingNotifications homeserverTypingNotifications(Notifier notifier, RoomStateCache states,
			ChangeNotifications changes, Clock clock) {
		TypingNotifications typing = new TypingNotifications(notifier, states, changes, clock);
		changes.addListener(typing);
		return typing;
	}

	@Bean
	@ConditionalOnMissingBean
	TypingController homeserverTypingController(TypingNotifications typing, RoomStateCache states, Accounts accounts,
			HomeserverProperties properties, Clock clock) {
		HomeserverProperties.Typing settings = properties.getTyping();
		return new TypingController(typing, states, accounts,
				Ratelimiter.fixed("rc_typing", settings.getRatelimit(), clock), settings.getMaxTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ReceiptStore homeserverReceiptStore(Database db, ChangeNotifications changes) {
		return new ReceiptStore(db, changes);
	}

	@Bean
	@ConditionalOnMissingBean
	Receipts homeserverReceipts(ReceiptStore store, EventReader reader, RoomStateCache states,
			HistoryVisibility visibility, AccountData accountData, Notifier notifier, ChangeNotifications changes,
			Clock clock) {
		Receipts receipts = new Receipts(store, reader, states, visibility, accountData, notifier, clock);
		changes.addListener(receipts);
		return receipts;
	}

	@Bean
	@ConditionalOnMissingBean
	UnreadCounts homeserverUnreadCounts(Database db, JdbcTemplate jdbcTemplate, JsonCodec json, EventWriter writer) {
		UnreadCounts counts = new UnreadCounts(db, jdbcTemplate, json);
		writer.addObserver(counts);
		return counts;
	}

}

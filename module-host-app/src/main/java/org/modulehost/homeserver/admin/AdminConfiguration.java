package org.modulehost.homeserver.admin;

import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.RoomAdminStore;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.UserAdminStore;
import org.modulehost.homeserver.storage.UserIpStore;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Deactivations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Account lifecycle and Synapse's admin API: deactivation, the user and room admin endpoints,
 * room deletion.
 */
@Configuration(proxyBeanMethods = false)
@Import({ UserAdminController.class, RoomAdminController.class })
public final class AdminConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UserAdminStore homeserverUserAdminStore(Database db) {
		return new UserAdminStore(db);
	}

	@Bean
	@ConditionalOnMissingBean
	UserIpStore homeserverUserIpStore(Database db) {
		return new UserIpStore(db);
	}

	@Bean
	@ConditionalOnMissingBean
	Deactivations homeserverDeactivations(Accounts accounts, AccountStore store, UserAdminStore admin,
			Memberships memberships, EventReader reader, RoomStore rooms, Callbacks callbacks) {
		return new Deactivations(accounts, store, admin, memberships, reader, rooms, callbacks);
	}

	@Bean
	@ConditionalOnMissingBean
	RoomAdminStore homeserverRoomAdminStore(Database db) {
		return new RoomAdminStore(db);
	}

	@Bean
	@ConditionalOnMissingBean
	RoomSummaries homeserverRoomSummaries(RoomStateCache states, Accounts accounts) {
		return new RoomSummaries(states, accounts);
	}

	@Bean
	@ConditionalOnMissingBean
	AdminAccess homeserverAdminAccess(Accounts accounts) {
		return new AdminAccess(accounts);
	}

	/**
	 * Finishes, once the server is ready, the parting of users whose deactivation a restart
	 * interrupted.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "homeserverDeactivationResumer")
	ApplicationListener<ApplicationReadyEvent> homeserverDeactivationResumer(Deactivations deactivations) {
		return (event) -> deactivations.resumeParting();
	}

}

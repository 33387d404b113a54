package org.modulehost.homeserver.admin;

import java.time.Clock;

import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.rooms.RoomCreation;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.LoginTokenStore;
import org.modulehost.homeserver.storage.RoomDeletionStore;
import org.modulehost.homeserver.storage.RoomPurger;
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
import org.modulehost.homeserver.users.ThreepidUnbinder;
import org.springframework.beans.factory.ObjectProvider;
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
@Import({ UserAdminController.class, RoomAdminController.class, RoomDeletionController.class })
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
			Memberships memberships, EventReader reader, RoomStore rooms, Callbacks callbacks,
			ObjectProvider<ThreepidUnbinder> unbinder) {
		return new Deactivations(accounts, store, admin, memberships, reader, rooms, callbacks,
				unbinder::getIfAvailable);
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
	RoomDeletionStore homeserverRoomDeletionStore(Database db, JsonCodec json) {
		return new RoomDeletionStore(db, json);
	}

	@Bean
	@ConditionalOnMissingBean
	RoomPurger homeserverRoomPurger(Database db, RoomStateCache states) {
		return new RoomPurger(db, states);
	}

	@Bean
	@ConditionalOnMissingBean
	RoomDeletions homeserverRoomDeletions(RoomDeletionStore store, Accounts accounts, RoomStore rooms,
			RoomStateCache states, RoomAdminStore admin, Memberships memberships, RoomCreation creation,
			EventSender sender, AliasStore aliases, RoomPurger purger, Callbacks callbacks, Clock clock) {
		return new RoomDeletions(store, new RoomDeletions.Services(accounts, rooms, states, admin, memberships,
				creation, sender, aliases, purger), callbacks, clock);
	}

	/**
	 * Resumes, once the server is ready, the room deletions a restart interrupted.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "homeserverRoomDeletionResumer")
	ApplicationListener<ApplicationReadyEvent> homeserverRoomDeletionResumer(RoomDeletions deletions) {
		return (event) -> deletions.resume();
	}

	@Bean
	@ConditionalOnMissingBean
	LoginTokenStore homeserverLoginTokenStore(Database db) {
		return new LoginTokenStore(db);
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

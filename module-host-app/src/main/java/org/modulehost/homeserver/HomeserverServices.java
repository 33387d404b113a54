package org.modulehost.homeserver;

import java.time.Clock;

import org.modulehost.homeserver.presence.Presence;
import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.rooms.RoomCreation;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.users.AccountData;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Authenticator;
import org.modulehost.homeserver.users.Profiles;

/**
 * The homeserver's services that modules reach through their {@code HomeserverModuleApi}.
 */
record HomeserverServices(Accounts accounts, Authenticator authenticator, RoomStore rooms, RoomStateCache states,
		Memberships memberships,
		EventSender sender, RoomCreation creation, Profiles profiles, AccountData accountData, Database database,
		Clock clock, Presence presence, LifecycleServices lifecycle, EmailServices email) {

}

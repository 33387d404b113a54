package org.modulehost.homeserver;

import java.util.function.Supplier;

import org.modulehost.homeserver.admin.RoomDeletions;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.LoginTokenStore;
import org.modulehost.homeserver.storage.UserIpStore;

/**
 * The services behind the account lifecycle and room administration members of
 * {@code HomeserverModuleApi}.
 *
 * @param store the accounts' storage
 * @param aliases the room aliases
 * @param userIps the addresses and user agents of requests
 * @param loginTokens the login tokens
 * @param deletions the room deletions
 * @param publicBaseurl the URL clients reach this server at, ending with {@code /}
 */
record LifecycleServices(AccountStore store, AliasStore aliases, UserIpStore userIps, LoginTokenStore loginTokens,
		RoomDeletions deletions, Supplier<String> publicBaseurl) {

}

package org.modulehost.homeserver.api;

/**
 * What the homeserver knows about a local account.
 *
 * @param userId the user, {@code @localpart:server}
 * @param isAdmin whether the user is a server administrator
 * @param isDeactivated whether the account was deactivated
 * @param creationTs when the account was created, in milliseconds since the epoch
 * @param isShadowBanned whether the user is shadow-banned: their events are answered as sent but
 * not stored
 */
public record UserInfo(String userId, boolean isAdmin, boolean isDeactivated, long creationTs,
		boolean isShadowBanned) {

}

package org.modulehost.homeserver.api.callbacks;

/**
 * The answer of {@link AccountValidityCallbacks#onLegacyRenew(String)} to a renewal link, as
 * Synapse's {@code on_legacy_renew} returns it.
 *
 * @param tokenValid whether the renewal token was known and the account renewed
 * @param tokenStale whether the token was known but already used (the account is not renewed
 * again)
 * @param expirationTs when the account now expires, in milliseconds since the epoch (0 when the
 * token was not valid)
 */
public record LegacyRenewal(boolean tokenValid, boolean tokenStale, long expirationTs) {

}

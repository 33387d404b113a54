package org.modulehost.homeserver.api;

/**
 * What a registration spam check decides.
 */
public enum RegistrationBehaviour {

	/** Register the user normally. */
	ALLOW,

	/** Register the user, shadow-banned: their events are answered as sent but not stored. */
	SHADOW_BAN,

	/** Refuse the registration; the client sees 429 {@code M_LIMIT_EXCEEDED}, as Synapse does. */
	DENY

}

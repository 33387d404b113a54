package org.modulehost.homeserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Synapse's legacy account-validity endpoints ({@code homeserver.account-validity.*}),
 * which an account-validity module serves through its {@code onLegacy…} callbacks.
 */
@ConfigurationProperties("homeserver.account-validity")
public class AccountValidityProperties {

	/** Renewal e-mails a user may ask for through send_mail (per second sustained, and at once). */
	private final HomeserverProperties.Limit sendMailRatelimit = new HomeserverProperties.Limit(0.0017, 3);

	/** Renewal links one client address may open (per second sustained, and at once). */
	private final HomeserverProperties.Limit renewRatelimit = new HomeserverProperties.Limit(0.2, 10);

	public HomeserverProperties.Limit getSendMailRatelimit() {
		return this.sendMailRatelimit;
	}

	public HomeserverProperties.Limit getRenewRatelimit() {
		return this.renewRatelimit;
	}

}

package org.modulehost.homeserver.users;

import java.time.Clock;

import org.modulehost.homeserver.EmailProperties;
import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.email.Mailer;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.AuthSessionStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.OpenIdTokenStore;
import org.modulehost.homeserver.storage.RegistrationStore;
import org.modulehost.homeserver.support.Callbacks;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The homeserver's accounts: registration, login, profiles, account data, the user directory.
 */
@Configuration(proxyBeanMethods = false)
@Import({ LoginController.class, RegisterController.class, SessionController.class, ProfileController.class,
		AccountDataController.class,
		DevicesController.class, OpenIdController.class, PushRulesController.class,
		PushersController.class, CrossSigningController.class, DeactivateController.class,
		ThreepidValidationController.class, ThreepidController.class, PasswordController.class })
public final class UsersConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PasswordAuthProviders homeserverPasswordAuthProviders(Callbacks callbacks) {
		return new PasswordAuthProviders(callbacks);
	}

	/**
	 * The password stage of user-interactive authentication, one for every endpoint that asks
	 * for it, so that failed attempts count against one {@code rc_login.failed_attempts} per user
	 * whichever endpoint they were made on (as Synapse's single
	 * {@code _failed_uia_attempts_ratelimiter}).
	 */
	@Bean
	@ConditionalOnMissingBean
	UserInteractiveAuth homeserverUserInteractiveAuth(AuthSessionStore sessions, Accounts accounts,
			PasswordAuthProviders providers, HomeserverProperties properties, Clock clock) {
		return new UserInteractiveAuth(sessions, accounts, providers, Ratelimiter.fixed("rc_login.failed_attempts",
				properties.getRatelimit().getLoginFailedAttempts(), clock), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	UserDirectoryController homeserverUserDirectoryController(AccountStore accounts, Database db, Callbacks callbacks,
			HomeserverProperties properties) {
		return new UserDirectoryController(accounts, db, callbacks, properties.getUserDirectory().isSearchAllUsers());
	}

	@Bean
	@ConditionalOnMissingBean
	SharedSecretRegistrationController homeserverSharedSecretRegistrationController(Accounts accounts, JsonCodec json,
			HomeserverProperties properties, RegistrationStore registrations, Clock clock) {
		return new SharedSecretRegistrationController(accounts, json, properties.getRegistration().getSharedSecret(),
				registrations, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ThreepidStore homeserverThreepidStore(Database db) {
		return new ThreepidStore(db);
	}

	@Bean
	@ConditionalOnMissingBean
	Threepids homeserverThreepids(ThreepidStore store, Mailer mailer, EmailTemplates templates, Callbacks callbacks,
			Accounts accounts, EmailProperties properties, HomeserverProperties homeserver, Clock clock,
			Environment environment) {
		if (properties.getValidationTokenLifetime().isNegative() || properties.getValidationTokenLifetime().isZero()) {
			throw new InvalidSettingException("homeserver.email.validation-token-lifetime",
					"must be positive (it is " + properties.getValidationTokenLifetime() + ")",
					"set it to how long a validation link stays valid, such as 1h");
		}
		return new Threepids(store, mailer, templates, callbacks, accounts, properties, clock,
				homeserver.publicBaseurlOrLocal(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	AuthSessionStore homeserverAuthSessionStore(Database db) {
		return new AuthSessionStore(db);
	}

	@Bean
	@ConditionalOnMissingBean
	OpenIdTokenStore homeserverOpenIdTokenStore(Database db) {
		return new OpenIdTokenStore(db);
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverThreepidDeactivation")
	SmartInitializingSingleton homeserverThreepidDeactivation(Deactivations deactivations, Threepids threepids) {
		return () -> deactivations.addListener(threepids::removeAll);
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverConfiguredAdmins")
	SmartInitializingSingleton homeserverConfiguredAdmins(Accounts accounts) {
		return accounts::applyConfiguredAdmins;
	}

}

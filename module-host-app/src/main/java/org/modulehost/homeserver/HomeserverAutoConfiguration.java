package org.modulehost.homeserver;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.homeserver.admin.AdminConfiguration;
import org.modulehost.homeserver.admin.RoomDeletions;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.identity.IdentityConfiguration;
import org.modulehost.homeserver.keys.KeysConfiguration;
import org.modulehost.homeserver.presence.Presence;
import org.modulehost.homeserver.presence.PresenceConfiguration;
import org.modulehost.homeserver.background.BackgroundUpdatesConfiguration;
import org.modulehost.homeserver.email.EmailConfiguration;
import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.email.Mailer;
import org.modulehost.homeserver.media.MediaConfiguration;
import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.rooms.RoomCreation;
import org.modulehost.homeserver.receipts.EphemeralConfiguration;
import org.modulehost.homeserver.rooms.RoomsConfiguration;
import org.modulehost.homeserver.search.SearchConfiguration;
import org.modulehost.homeserver.validity.AccountValidityConfiguration;
import org.modulehost.homeserver.storage.AccountDataStore;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.ChangeNotifications;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.EventWriter;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.storage.RegistrationStore;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.LoginTokenStore;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.UserIpStore;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.sync.SyncConfiguration;
import org.modulehost.homeserver.users.AccountData;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Authenticator;
import org.modulehost.homeserver.users.Profiles;
import org.modulehost.homeserver.users.UsersConfiguration;
import org.modulehost.homeserver.web.WebConfiguration;
import org.modulehost.host.HostSettings;
import org.modulehost.host.ModuleApiFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reference homeserver: storage, accounts, rooms, {@code /sync}, the client-server API and
 * the {@link HomeserverModuleApi} offered to modules.
 */
@AutoConfiguration(before = ModuleHostAutoConfiguration.class,
		beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
		afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@EnableConfigurationProperties(HomeserverProperties.class)
@Import({ WebConfiguration.class, UsersConfiguration.class, RoomsConfiguration.class, SyncConfiguration.class,
		KeysConfiguration.class, PresenceConfiguration.class, BackgroundUpdatesConfiguration.class,
		SearchConfiguration.class, MediaConfiguration.class, AdminConfiguration.class, EphemeralConfiguration.class,
		IdentityConfiguration.class, AccountValidityConfiguration.class, EmailConfiguration.class })
public final class HomeserverAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock homeserverClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	JsonCodec homeserverJsonCodec(ObjectProvider<JsonMapper> mapper) {
		return new JsonCodec(mapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	Database homeserverDatabase(JdbcClient jdbc, PlatformTransactionManager transactionManager,
			HomeserverProperties properties) {
		if (!Identifiers.isValidServerName(properties.getServerName())) {
			throw new InvalidSettingException("homeserver.server-name",
					"'" + properties.getServerName() + "' is not a valid Matrix server name",
					"use a DNS name or IP address with an optional port, such as 'example.org' or 'localhost:8008'");
		}
		return Database.open(jdbc, new TransactionTemplate(transactionManager));
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeNotifications homeserverChangeNotifications(Database database, JsonCodec json, DataSource dataSource,
			HostSettings settings) {
		return ChangeNotifications.create(database, json, dataSource, settings.instanceName());
	}

	@Bean
	@ConditionalOnMissingBean
	RoomStore homeserverRoomStore(Database database) {
		return new RoomStore(database);
	}

	@Bean
	@ConditionalOnMissingBean
	RoomStateCache homeserverRoomStateCache(Database database, JsonCodec json) {
		return new RoomStateCache(database, json);
	}

	@Bean
	@ConditionalOnMissingBean
	EventReader homeserverEventReader(Database database, JsonCodec json, Clock clock,
			HomeserverProperties properties) {
		Duration ttl = properties.getTransactions().getTtl();
		if (ttl.isNegative() || ttl.isZero()) {
			throw new InvalidSettingException("homeserver.transactions.ttl", "must be positive (it is " + ttl + ")",
					"set it to how long a client may retry a request, such as 1d");
		}
		return new EventReader(database, json, clock, ttl);
	}

	@Bean
	@ConditionalOnMissingBean
	EventWriter homeserverEventWriter(Database database, JsonCodec json, ChangeNotifications changes, RoomStore rooms,
			RoomStateCache states, EventReader reader) {
		return new EventWriter(database, json, changes, rooms, states, reader);
	}

	@Bean
	@ConditionalOnMissingBean
	AccountStore homeserverAccountStore(Database database, ChangeNotifications changes) {
		return new AccountStore(database, changes);
	}

	@Bean
	@ConditionalOnMissingBean
	AccountDataStore homeserverAccountDataStore(Database database, JsonCodec json, ChangeNotifications changes) {
		return new AccountDataStore(database, json, changes);
	}

	@Bean
	@ConditionalOnMissingBean
	RegistrationStore homeserverRegistrationStore(Database database, JsonCodec json) {
		return new RegistrationStore(database, json);
	}

	@Bean
	@ConditionalOnMissingBean
	AliasStore homeserverAliasStore(Database database) {
		return new AliasStore(database);
	}

	@Bean
	@ConditionalOnMissingBean
	Callbacks homeserverCallbacks(CallbackRegistry registry) {
		return new Callbacks(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder homeserverPasswordEncoder(HomeserverProperties properties) {
		return new BCryptPasswordEncoder(properties.getPasswords().getBcryptRounds());
	}

	@Bean
	@ConditionalOnMissingBean
	Notifier homeserverNotifier() {
		return new Notifier();
	}

	@Bean
	@ConditionalOnMissingBean
	Accounts homeserverAccounts(AccountStore store, Callbacks callbacks, PasswordEncoder passwords, Clock clock,
			HomeserverProperties properties) {
		return new Accounts(store, callbacks, passwords, clock, properties.getServerName(), properties.getAdmins());
	}

	@Bean
	@ConditionalOnMissingBean
	Authenticator homeserverAuthenticator(AccountStore store, Callbacks callbacks, Clock clock, UserIpStore userIps) {
		return new Authenticator(store, callbacks, clock, userIps);
	}

	@Bean
	@ConditionalOnMissingBean
	AccountData homeserverAccountData(AccountDataStore store, Notifier notifier, Callbacks callbacks) {
		return new AccountData(store, notifier, callbacks);
	}

	@Bean
	@ConditionalOnMissingBean
	Profiles homeserverProfiles(AccountStore store, Callbacks callbacks, RoomsConfiguration.ProfileSync rooms) {
		return new Profiles(store, callbacks, rooms);
	}

	@Bean
	@ConditionalOnMissingBean
	HomeserverServices homeserverServices(Accounts accounts, Authenticator authenticator, RoomStore rooms,
			RoomStateCache states, Memberships memberships, EventSender sender, RoomCreation creation,
			Profiles profiles, AccountData accountData, Database database, Clock clock, Presence presence,
			LifecycleServices lifecycle, EmailServices email) {
		return new HomeserverServices(accounts, authenticator, rooms, states, memberships, sender, creation, profiles,
				accountData, database, clock, presence, lifecycle, email);
	}

	@Bean
	@ConditionalOnMissingBean
	EmailServices homeserverEmailServices(Mailer mailer, EmailTemplates templates,
			org.modulehost.homeserver.users.Threepids threepids) {
		return new EmailServices(mailer, templates, threepids);
	}

	@Bean
	@ConditionalOnMissingBean
	LifecycleServices homeserverLifecycleServices(AccountStore store, AliasStore aliases, UserIpStore userIps,
			LoginTokenStore loginTokens, RoomDeletions deletions, HomeserverProperties properties,
			Environment environment) {
		return new LifecycleServices(store, aliases, userIps, loginTokens, deletions,
				properties.publicBaseurlOrLocal(environment));
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverModuleApiFactory")
	ModuleApiFactory<HomeserverModuleApi> homeserverModuleApiFactory(ObjectProvider<HomeserverServices> services) {
		return new HomeserverModuleApiFactory(services);
	}

}

package org.modulehost.homeserver.rooms;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.callback.CallbackProperties;
import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.IdentityServerProperties;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.identity.IdentityLookups;
import org.modulehost.homeserver.identity.IdentityServerClient;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.EventWriter;
import org.modulehost.homeserver.storage.RoomAdminStore;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The homeserver's rooms: events, memberships, creation, the directory and their endpoints.
 */
@Configuration(proxyBeanMethods = false)
@Import({ RoomController.class, DirectoryController.class, RoomReadController.class, RoomUpgradeController.class })
public final class RoomsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RoomEvents homeserverRoomEvents(RoomStore rooms, RoomStateCache states, EventReader reader, EventWriter writer,
			Callbacks callbacks, Notifier notifier, ModuleNotifications notifications, Clock clock) {
		return new RoomEvents(rooms, states, reader, writer, callbacks, notifier, notifications, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ModuleNotifications homeserverModuleNotifications(Callbacks callbacks, HomeserverProperties properties,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<CallbackProperties> callbackProperties) {
		Duration timeout = callbackProperties.getIfAvailable(CallbackProperties::new).timeout("third_party_rules");
		return new ModuleNotifications(callbacks.registry(), properties.getModuleNotifications().getQueueCapacity(),
				meters.getIfAvailable(SimpleMeterRegistry::new), timeout);
	}

	@Bean
	@ConditionalOnMissingBean
	HistoryVisibility homeserverHistoryVisibility(EventReader reader) {
		return new HistoryVisibility(reader);
	}

	@Bean
	@ConditionalOnMissingBean
	ClientEvents homeserverClientEvents(Callbacks callbacks, Clock clock) {
		return new ClientEvents(callbacks, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	EventSender homeserverEventSender(RoomEvents events, Accounts accounts, Callbacks callbacks,
			HomeserverProperties properties, Clock clock) {
		return new EventSender(events, accounts, callbacks,
				Ratelimiter.overridable("rc_message", properties.getRatelimit().getMessage(), callbacks, clock));
	}

	@Bean
	@ConditionalOnMissingBean
	Memberships homeserverMemberships(RoomEvents events, Accounts accounts, Callbacks callbacks,
			HomeserverProperties properties, Clock clock, RoomAdminStore blockedRooms) {
		return new Memberships(events, accounts, callbacks,
				Ratelimiter.overridable("rc_invites.per_user", properties.getRatelimit().getInvites(), callbacks, clock),
				Ratelimiter.fixed("rc_joins.local", properties.getRatelimit().getJoinsLocal(), clock),
				blockedRooms::isBlocked,
				Ratelimiter.overridable("rc_invites.per_room", properties.getRatelimit().getInvitesPerRoom(), callbacks,
						clock),
				Ratelimiter.overridable("rc_invites.per_issuer", properties.getRatelimit().getInvitesPerIssuer(),
						callbacks, clock));
	}

	@Bean
	@ConditionalOnMissingBean
	ThirdPartyInvites homeserverThirdPartyInvites(RoomEvents events, Accounts accounts, Callbacks callbacks,
			Memberships memberships, EventSender sender, IdentityServerClient client, IdentityLookups lookups,
			IdentityServerProperties properties, Clock clock) {
		return new ThirdPartyInvites(events, accounts, callbacks, memberships, sender, client, lookups,
				Ratelimiter.fixed("rc_third_party_invite", properties.getInviteRatelimit(), clock));
	}

	@Bean
	@ConditionalOnMissingBean
	RoomCreation homeserverRoomCreation(RoomEvents events, Memberships memberships, AliasStore aliases,
			Accounts accounts, Callbacks callbacks, HomeserverProperties properties, Clock clock) {
		return new RoomCreation(events, memberships, aliases, accounts, callbacks,
				Ratelimiter.fixed("rc_room_creation", properties.getRatelimit().getRoomCreation(), clock));
	}

	@Bean
	@ConditionalOnMissingBean
	RoomUpgrades homeserverRoomUpgrades(RoomEvents events, EventSender sender, Memberships memberships,
			AliasStore aliases, Accounts accounts, Callbacks callbacks, RoomCreation creation) {
		return new RoomUpgrades(events, sender, memberships, aliases, accounts, callbacks, creation.creations());
	}

	@Bean
	@ConditionalOnMissingBean
	ProfileSync homeserverProfileSync(EventReader reader, Memberships memberships) {
		return new ProfileSync(reader, memberships);
	}

	/**
	 * Copies a user's new global profile into their membership of every room they joined, as
	 * Synapse does; a room that refuses the change is logged and skipped.
	 */
	public static final class ProfileSync implements BiConsumer<String, ProfileInfo> {

		private static final Log logger = LogFactory.getLog(ProfileSync.class);

		private final EventReader reader;

		private final Memberships memberships;

		ProfileSync(EventReader reader, Memberships memberships) {
			this.reader = reader;
			this.memberships = memberships;
		}

		@Override
		public void accept(String userId, ProfileInfo profile) {
			for (MembershipRecord membership : this.reader.membershipsOf(userId)) {
				if (!"join".equals(membership.membership())) {
					continue;
				}
				try {
					this.memberships.update(new Memberships.MembershipRequest(userId, userId, membership.roomId(),
							"join", Map.of(), null, false, false));
				}
				catch (MatrixError ex) {
					logger.info("Profile change of " + userId + " not sent to " + membership.roomId() + ": "
							+ ex.getMessage());
				}
			}
		}

	}

}

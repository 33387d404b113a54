package org.modulehost.homeserver;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.ForwardingModuleApi;
import org.modulehost.api.ModuleApi;
import org.modulehost.homeserver.api.AccountDataManager;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.UserInfo;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.api.callbacks.AccountDataCallbacks;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.api.callbacks.PresenceRouterCallbacks;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;
import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.storage.TokenRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link HomeserverModuleApi} of one module: the module's core API for everything
 * {@link ModuleApi} offers (forwarded by {@link ForwardingModuleApi}), the homeserver's services
 * for the rest.
 */
final class DefaultHomeserverModuleApi extends ForwardingModuleApi implements HomeserverModuleApi {

	private final HomeserverServices services;

	private final AccountDataManager accountDataManager;

	DefaultHomeserverModuleApi(ModuleApi base, HomeserverServices services) {
		super(base);
		this.services = services;
		this.accountDataManager = new ModuleAccountDataManager(services);
	}

	// ---- homeserver ------------------------------------------------------------------------

	@Override
	public String serverName() {
		return this.services.accounts().serverName();
	}

	@Override
	public boolean isMine(String userId) {
		return this.services.accounts().isMine(userId);
	}

	@Override
	public String getQualifiedUserId(String localpartOrUserId) {
		return this.services.accounts().qualify(localpartOrUserId);
	}

	@Override
	public CompletionStage<Optional<String>> checkUserExists(String userId) {
		return run(() -> this.services.accounts().findIgnoringCase(userId).map(UserRecord::userId));
	}

	@Override
	public CompletionStage<Optional<UserInfo>> getUserInfoById(String userId) {
		return run(() -> this.services.accounts().user(userId).map(UserRecord::toUserInfo));
	}

	@Override
	public CompletionStage<Boolean> isUserAdmin(String userId) {
		return run(() -> this.services.accounts().isAdmin(userId));
	}

	@Override
	public CompletionStage<String> registerUser(String localpart, @Nullable String displayName, boolean admin) {
		return run(() -> this.services.accounts().register(localpart, null, displayName, admin, false));
	}

	@Override
	public CompletionStage<Requester> getUserByRequest(HttpServletRequest request) {
		return getUserByRequest(request, false);
	}

	@Override
	public CompletionStage<Requester> getUserByRequest(HttpServletRequest request, boolean allowExpired) {
		return run(() -> {
			TokenRecord token = this.services.authenticator().token(request, allowExpired);
			return new Requester(token.userId(), token.deviceId(), false);
		});
	}

	@Override
	public CompletionStage<Map<StateKey, Event>> getRoomState(String roomId) {
		return run(() -> {
			if (this.services.rooms().room(roomId).isEmpty()) {
				throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
			}
			return this.services.states().currentState(roomId);
		});
	}

	@Override
	public CompletionStage<Event> updateRoomMembership(String sender, String target, String roomId,
			String membership, Map<String, Object> content) {
		return run(() -> {
			StoredEvent event = this.services.memberships()
				.update(new Memberships.MembershipRequest(sender, target, roomId, membership, content, null, false,
						false));
			return event.event();
		});
	}

	@Override
	public CompletionStage<Event> createAndSendEventIntoRoom(Map<String, Object> eventDict) {
		return run(() -> {
			JsonBody event = JsonBody.of(new LinkedHashMap<>(eventDict));
			StoredEvent stored = this.services.sender()
				.send(new EventSender.SendRequest(event.requireString("sender"), event.requireString("room_id"),
						event.requireString("type"), event.string("state_key"), event.requireObject("content"), null,
						null, false));
			return stored.event();
		});
	}

	@Override
	public CompletionStage<String> createRoom(String userId, Map<String, Object> config) {
		return run(() -> this.services.creation()
			.create(new Requester(userId, null, false), new LinkedHashMap<>(config), false)
			.roomId());
	}

	@Override
	public CompletionStage<ProfileInfo> getProfileForUser(String userId) {
		return run(() -> this.services.profiles().profile(userId));
	}

	@Override
	public CompletionStage<Void> setDisplayname(String userId, String displayName) {
		return run(() -> {
			ProfileInfo current = this.services.profiles().profile(userId);
			this.services.profiles().update(userId, displayName, current.avatarUrl(), true);
			return null;
		});
	}

	@Override
	public AccountDataManager accountDataManager() {
		return this.accountDataManager;
	}

	@Override
	public <T> CompletionStage<T> runDbInteraction(String description, Function<JdbcClient, T> work) {
		return delegate().deferToThread(() -> this.services.database().transaction(work));
	}

	@Override
	public long currentTimeMillis() {
		return this.services.clock().millis();
	}

	@Override
	public void registerSpamCheckerCallbacks(SpamCheckerCallbacks callbacks) {
		delegate().registerCallbacks(SpamCheckerCallbacks.class, callbacks);
	}

	@Override
	public void registerThirdPartyRulesCallbacks(ThirdPartyRulesCallbacks callbacks) {
		delegate().registerCallbacks(ThirdPartyRulesCallbacks.class, callbacks);
	}

	@Override
	public void registerAccountValidityCallbacks(AccountValidityCallbacks callbacks) {
		delegate().registerCallbacks(AccountValidityCallbacks.class, callbacks);
	}

	@Override
	public void registerPasswordAuthProviderCallbacks(PasswordAuthProviderCallbacks callbacks) {
		delegate().registerCallbacks(PasswordAuthProviderCallbacks.class, callbacks);
	}

	@Override
	public void registerAccountDataCallbacks(AccountDataCallbacks callbacks) {
		delegate().registerCallbacks(AccountDataCallbacks.class, callbacks);
	}

	@Override
	public void registerUnsignedFieldsCallbacks(UnsignedFieldsCallbacks callbacks) {
		delegate().registerCallbacks(UnsignedFieldsCallbacks.class, callbacks);
	}

	@Override
	public void registerRatelimitCallbacks(RatelimitCallbacks callbacks) {
		delegate().registerCallbacks(RatelimitCallbacks.class, callbacks);
	}

	@Override
	public void registerPresenceRouterCallbacks(PresenceRouterCallbacks callbacks) {
		boolean states = overrides(callbacks, "getUsersForStates", Collection.class);
		boolean interested = overrides(callbacks, "getInterestedUsers", String.class);
		if (states != interested) {
			// As Synapse: a presence router implements both callbacks or neither.
			throw new IllegalArgumentException("Module '" + delegate().moduleName() + "' registered presence router "
					+ "callbacks overriding only " + (states ? "getUsersForStates" : "getInterestedUsers")
					+ ": a presence router must override both getUsersForStates and getInterestedUsers");
		}
		delegate().registerCallbacks(PresenceRouterCallbacks.class, callbacks);
	}

	private static boolean overrides(Object callbacks, String name, Class<?>... parameters) {
		try {
			return callbacks.getClass().getMethod(name, parameters).getDeclaringClass() != PresenceRouterCallbacks.class;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	@Override
	public CompletionStage<Void> sendLocalOnlinePresenceTo(Collection<String> userIds) {
		return run(() -> {
			this.services.presence().sendLocalOnlinePresenceTo(List.copyOf(userIds));
			return null;
		});
	}

	@Override
	public CompletionStage<Void> setPresenceForUsers(Map<String, UserPresenceState> states) {
		return run(() -> {
			for (String userId : states.keySet()) {
				if (!Identifiers.isValidUserId(userId)) {
					throw new IllegalArgumentException("Not a valid user ID: " + userId);
				}
			}
			this.services.presence().setForUsers(new LinkedHashMap<>(states));
			return null;
		});
	}

	@Override
	public void registerBackgroundUpdateControllerCallbacks(BackgroundUpdateControllerCallbacks callbacks) {
		delegate().registerCallbacks(BackgroundUpdateControllerCallbacks.class, callbacks);
	}

	@Override
	public void registerMediaRepositoryCallbacks(MediaRepositoryCallbacks callbacks) {
		delegate().registerCallbacks(MediaRepositoryCallbacks.class, callbacks);
	}

	static <T> CompletionStage<T> run(Supplier<T> work) {
		try {
			return CompletableFuture.completedFuture(work.get());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public String toString() {
		return "HomeserverModuleApi[" + delegate().moduleName() + "]";
	}

	/**
	 * Global account data of local users.
	 */
	static final class ModuleAccountDataManager implements AccountDataManager {

		private final HomeserverServices services;

		ModuleAccountDataManager(HomeserverServices services) {
			this.services = services;
		}

		@Override
		public CompletionStage<@Nullable Map<String, Object>> getGlobal(String userId, String type) {
			return run(() -> {
				local(userId);
				return this.services.accountData().get(userId, null, type).orElse(null);
			});
		}

		@Override
		public CompletionStage<Void> putGlobal(String userId, String type, Map<String, Object> content) {
			return run(() -> {
				local(userId);
				this.services.accountData().put(userId, null, type, new LinkedHashMap<>(content));
				return null;
			});
		}

		private void local(String userId) {
			if (!this.services.accounts().isMine(userId)) {
				throw new IllegalArgumentException("Trying to access account data of a non-local user: " + userId);
			}
		}

	}

}

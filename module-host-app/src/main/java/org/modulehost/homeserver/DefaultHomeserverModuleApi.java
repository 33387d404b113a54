package org.modulehost.homeserver;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
import org.modulehost.homeserver.api.LoginResponse;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.PublicRoomListManager;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.RoomShutdownResult;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.UserInfo;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.api.UserIpAndAgent;
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
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Identifiers;
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

	private final PublicRoomListManager publicRoomList;

	DefaultHomeserverModuleApi(ModuleApi base, HomeserverServices services) {
		super(base);
		this.services = services;
		this.accountDataManager = new ModuleAccountDataManager(services);
		this.publicRoomList = new ModulePublicRoomList(services);
	}

	// ---- homeserver ------------------------------------------------------------------------

	@Override
	public String serverName() {
		return this.services.accounts().serverName();
	}

	@Override
	public boolean isMine(String userIdRoomIdOrAlias) {
		String id = userIdRoomIdOrAlias;
		int colon = id.indexOf(':');
		return !id.isEmpty() && "@!#".indexOf(id.charAt(0)) >= 0 && colon > 1
				&& id.substring(colon + 1).equals(this.services.accounts().serverName());
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

	// ---- account lifecycle and room administration -----------------------------------------

	@Override
	public String publicBaseurl() {
		return this.services.lifecycle().publicBaseurl().get();
	}

	@Override
	public @Nullable String workerApp() {
		return null;
	}

	@Override
	public CompletionStage<Map<StateKey, Event>> getStateEventsInRoom(String roomId,
			@Nullable Collection<StateKey> filter) {
		return run(() -> {
			if (this.services.rooms().room(roomId).isEmpty()) {
				throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
			}
			Map<StateKey, Event> state = this.services.states().currentState(roomId);
			if (filter == null) {
				return state;
			}
			Map<StateKey, Event> wanted = new LinkedHashMap<>();
			for (StateKey key : filter) {
				Event event = state.get(key);
				if (event != null) {
					wanted.put(key, event);
				}
			}
			return Map.copyOf(wanted);
		});
	}

	@Override
	public CompletionStage<Optional<String>> lookupRoomAlias(String roomAlias) {
		return run(() -> {
			if (!Identifiers.isValidAlias(roomAlias)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, roomAlias + " is not a valid room alias");
			}
			return this.services.lifecycle().aliases().alias(roomAlias).map(AliasStore.Alias::roomId);
		});
	}

	@Override
	public CompletionStage<Optional<String>> getCanonicalRoomAlias(String roomId) {
		return run(() -> {
			Event event = this.services.states().currentState(roomId).get(new StateKey("m.room.canonical_alias", ""));
			return (event != null && event.content().get("alias") instanceof String alias) ? Optional.of(alias)
					: Optional.<String>empty();
		});
	}

	@Override
	public CompletionStage<LoginResponse> registerDevice(String userId, @Nullable String deviceId,
			@Nullable String initialDisplayName) {
		return run(() -> {
			knownUser(userId);
			return this.services.accounts().issueToken(userId, deviceId, initialDisplayName);
		});
	}

	@Override
	public CompletionStage<Void> invalidateAccessToken(String accessToken) {
		return run(() -> {
			TokenRecord token = this.services.lifecycle().store().token(accessToken)
				.orElseThrow(() -> new MatrixError(401, Codes.UNKNOWN_TOKEN, "Unknown access token"));
			this.services.accounts().logout(token);
			return null;
		});
	}

	@Override
	public CompletionStage<Void> setUserAdmin(String userId, boolean admin) {
		return run(() -> {
			knownUser(userId);
			this.services.lifecycle().store().setAdmin(userId, admin);
			return null;
		});
	}

	@Override
	public CompletionStage<Void> checkUsername(String localpart) {
		return run(() -> {
			this.services.accounts().checkAvailable(localpart);
			return null;
		});
	}

	@Override
	public CompletionStage<String> createLoginToken(String userId, Duration validity, @Nullable String authProviderId) {
		return run(() -> {
			knownUser(userId);
			String token = Identifiers.newSecret("mhl_");
			this.services.lifecycle().loginTokens()
				.create(token, userId, this.services.clock().millis() + validity.toMillis(), authProviderId);
			return token;
		});
	}

	@Override
	public CompletionStage<List<UserIpAndAgent>> getUserIpAndAgents(String userId, long sinceTs) {
		return run(() -> this.services.accounts().isMine(userId)
				? this.services.lifecycle().userIps().ipsAndAgents(userId, sinceTs) : List.<UserIpAndAgent>of());
	}

	@Override
	public <T> CompletionStage<T> deferToThreadpool(Executor executor, Callable<T> work) {
		CompletableFuture<T> result = new CompletableFuture<>();
		try {
			executor.execute(() -> {
				try {
					result.complete(work.call());
				}
				catch (Throwable ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	@Override
	public CompletionStage<RoomShutdownResult> deleteRoom(String roomId, @Nullable String requesterUserId,
			boolean purge) {
		return this.services.lifecycle().deletions().delete(roomId, requesterUserId, purge);
	}

	@Override
	public PublicRoomListManager publicRoomListManager() {
		return this.publicRoomList;
	}

	private void knownUser(String userId) {
		if (this.services.accounts().user(userId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown user " + userId);
		}
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

	/**
	 * The room directory, as modules change it.
	 */
	static final class ModulePublicRoomList implements PublicRoomListManager {

		private final HomeserverServices services;

		ModulePublicRoomList(HomeserverServices services) {
			this.services = services;
		}

		@Override
		public CompletionStage<Boolean> roomIsInPublicRoomList(String roomId) {
			return run(() -> this.services.rooms().room(roomId).map((room) -> room.isPublic()).orElse(false));
		}

		@Override
		public CompletionStage<Void> addRoomToPublicRoomList(String roomId) {
			return run(() -> {
				if (this.services.rooms().room(roomId).isEmpty()) {
					throw new MatrixError(404, Codes.NOT_FOUND, "Unknown room " + roomId);
				}
				this.services.rooms().setPublic(roomId, true);
				return null;
			});
		}

		@Override
		public CompletionStage<Void> removeRoomFromPublicRoomList(String roomId) {
			return run(() -> {
				this.services.rooms().setPublic(roomId, false);
				return null;
			});
		}

	}

	// E-mail and third-party identifiers (issue #16)

	@Override
	public CompletionStage<String> registerUser(String localpart, @Nullable String displayName, boolean admin,
			List<String> emails) {
		if (emails.isEmpty()) {
			return registerUser(localpart, displayName, admin);
		}
		return CompletableFuture.failedFuture(new IllegalStateException("E-mail addresses are not supported yet"));
	}

	@Override
	public CompletionStage<List<Map<String, String>>> getThreepidsForUser(String userId) {
		return CompletableFuture.completedFuture(List.of());
	}

	@Override
	public CompletionStage<Void> sendMail(String recipient, String subject, String html, String text) {
		return this.services.email().mailer().send(recipient, subject, html, text);
	}

	@Override
	public String emailAppName() {
		return this.services.email().mailer().appName();
	}

	@Override
	public List<org.modulehost.homeserver.api.Template> readTemplates(List<String> filenames,
			java.nio.file.@Nullable Path customTemplateDirectory) {
		return this.services.email().templates().read(filenames, customTemplateDirectory);
	}

}

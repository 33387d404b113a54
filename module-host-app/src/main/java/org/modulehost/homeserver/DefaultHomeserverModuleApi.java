package org.modulehost.homeserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.BackgroundCall;
import org.modulehost.api.CachedMethod1;
import org.modulehost.api.CachedMethod2;
import org.modulehost.api.CachedMethod3;
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
import org.modulehost.homeserver.api.callbacks.AccountDataCallbacks;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;
import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.storage.TokenRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * The {@link HomeserverModuleApi} of one module: the module's core API for everything
 * {@link ModuleApi} offers, the homeserver's services for the rest.
 */
final class DefaultHomeserverModuleApi implements HomeserverModuleApi {

	private final ModuleApi base;

	private final HomeserverServices services;

	private final AccountDataManager accountDataManager;

	DefaultHomeserverModuleApi(ModuleApi base, HomeserverServices services) {
		this.base = base;
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
		return this.base.deferToThread(() -> this.services.database().transaction(work));
	}

	@Override
	public long currentTimeMillis() {
		return this.services.clock().millis();
	}

	@Override
	public void registerSpamCheckerCallbacks(SpamCheckerCallbacks callbacks) {
		this.base.registerCallbacks(SpamCheckerCallbacks.class, callbacks);
	}

	@Override
	public void registerThirdPartyRulesCallbacks(ThirdPartyRulesCallbacks callbacks) {
		this.base.registerCallbacks(ThirdPartyRulesCallbacks.class, callbacks);
	}

	@Override
	public void registerAccountValidityCallbacks(AccountValidityCallbacks callbacks) {
		this.base.registerCallbacks(AccountValidityCallbacks.class, callbacks);
	}

	@Override
	public void registerPasswordAuthProviderCallbacks(PasswordAuthProviderCallbacks callbacks) {
		this.base.registerCallbacks(PasswordAuthProviderCallbacks.class, callbacks);
	}

	@Override
	public void registerAccountDataCallbacks(AccountDataCallbacks callbacks) {
		this.base.registerCallbacks(AccountDataCallbacks.class, callbacks);
	}

	@Override
	public void registerUnsignedFieldsCallbacks(UnsignedFieldsCallbacks callbacks) {
		this.base.registerCallbacks(UnsignedFieldsCallbacks.class, callbacks);
	}

	@Override
	public void registerRatelimitCallbacks(RatelimitCallbacks callbacks) {
		this.base.registerCallbacks(RatelimitCallbacks.class, callbacks);
	}

	static <T> CompletionStage<T> run(Supplier<T> work) {
		try {
			return CompletableFuture.completedFuture(work.get());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	// ---- the core API ----------------------------------------------------------------------

	@Override
	public String moduleName() {
		return this.base.moduleName();
	}

	@Override
	public void registerWebResource(String path, Object resource) {
		this.base.registerWebResource(path, resource);
	}

	@Override
	public <C> void registerCallbacks(Class<C> category, C callbacks) {
		this.base.registerCallbacks(category, callbacks);
	}

	@Override
	public <A, R> void registerCachedFunction(CachedMethod1<A, R> method) {
		this.base.registerCachedFunction(method);
	}

	@Override
	public <A, B, R> void registerCachedFunction(CachedMethod2<A, B, R> method) {
		this.base.registerCachedFunction(method);
	}

	@Override
	public <A, B, C, R> void registerCachedFunction(CachedMethod3<A, B, C, R> method) {
		this.base.registerCachedFunction(method);
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateCache(CachedMethod1<A, R> method, A a) {
		return this.base.invalidateCache(method, a);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a, B b) {
		return this.base.invalidateCache(method, a, b);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a) {
		return this.base.invalidateCache(method, a);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b, C c) {
		return this.base.invalidateCache(method, a, b, c);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b) {
		return this.base.invalidateCache(method, a, b);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a) {
		return this.base.invalidateCache(method, a);
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateAll(CachedMethod1<A, R> method) {
		return this.base.invalidateAll(method);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateAll(CachedMethod2<A, B, R> method) {
		return this.base.invalidateAll(method);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateAll(CachedMethod3<A, B, C, R> method) {
		return this.base.invalidateAll(method);
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval) {
		return this.base.loopingBackgroundCall(task, interval);
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval, boolean runOnAllInstances) {
		return this.base.loopingBackgroundCall(task, interval, runOnAllInstances);
	}

	@Override
	public BackgroundCall delayedBackgroundCall(Duration delay, Runnable task) {
		return this.base.delayedBackgroundCall(delay, task);
	}

	@Override
	public <T> CompletableFuture<T> deferToThread(Supplier<T> blockingWork) {
		return this.base.deferToThread(blockingWork);
	}

	@Override
	public CompletableFuture<Void> sleep(Duration duration) {
		return this.base.sleep(duration);
	}

	@Override
	public boolean shouldRunBackgroundTasks() {
		return this.base.shouldRunBackgroundTasks();
	}

	@Override
	public String instanceName() {
		return this.base.instanceName();
	}

	@Override
	public RestClient httpClient() {
		return this.base.httpClient();
	}

	@Override
	public <T> Optional<T> hostProperty(String key, Class<T> type) {
		return this.base.hostProperty(key, type);
	}

	@Override
	public String toString() {
		return "HomeserverModuleApi[" + this.base.moduleName() + "]";
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

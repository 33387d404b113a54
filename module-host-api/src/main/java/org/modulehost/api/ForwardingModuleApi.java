package org.modulehost.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.client.RestClient;

/**
 * A {@link ModuleApi} that hands every call to another one, for a host that offers its modules
 * a richer API: its implementation extends this class, passes the module's core API to the
 * constructor, and implements only what its own interface adds.
 *
 * <pre class="code">
 * final class DefaultShopModuleApi extends ForwardingModuleApi implements ShopModuleApi {
 *
 *     DefaultShopModuleApi(ModuleApi core, Orders orders) {
 *         super(core);
 *         this.orders = orders;
 *     }
 *
 *     &#64;Override
 *     public Optional&lt;Order&gt; findOrder(String id) { … }
 *
 * }
 * </pre>
 *
 * <p>Every method may be overridden, for example to refuse or to log a call; an override that
 * still wants the default behaviour calls {@code super} or {@link #delegate()}.
 */
public abstract class ForwardingModuleApi implements ModuleApi {

	private final ModuleApi delegate;

	/**
	 * Creates an API that forwards to {@code delegate}.
	 * @param delegate the module's core API, as the host gave it
	 */
	protected ForwardingModuleApi(ModuleApi delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	/**
	 * Returns the API every call goes to.
	 * @return the module's core API
	 */
	protected final ModuleApi delegate() {
		return this.delegate;
	}

	@Override
	public String moduleName() {
		return this.delegate.moduleName();
	}

	@Override
	public void registerWebResource(String path, Object resource) {
		this.delegate.registerWebResource(path, resource);
	}

	@Override
	public void registerWebResource(String path, HttpRequestHandler handler) {
		this.delegate.registerWebResource(path, handler);
	}

	@Override
	public <C> void registerCallbacks(Class<C> category, C callbacks) {
		this.delegate.registerCallbacks(category, callbacks);
	}

	@Override
	public <A, R> void registerCachedFunction(CachedMethod1<A, R> method) {
		this.delegate.registerCachedFunction(method);
	}

	@Override
	public <A, B, R> void registerCachedFunction(CachedMethod2<A, B, R> method) {
		this.delegate.registerCachedFunction(method);
	}

	@Override
	public <A, B, C, R> void registerCachedFunction(CachedMethod3<A, B, C, R> method) {
		this.delegate.registerCachedFunction(method);
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateCache(CachedMethod1<A, R> method, A a) {
		return this.delegate.invalidateCache(method, a);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a, B b) {
		return this.delegate.invalidateCache(method, a, b);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a) {
		return this.delegate.invalidateCache(method, a);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b, C c) {
		return this.delegate.invalidateCache(method, a, b, c);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b) {
		return this.delegate.invalidateCache(method, a, b);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a) {
		return this.delegate.invalidateCache(method, a);
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateAll(CachedMethod1<A, R> method) {
		return this.delegate.invalidateAll(method);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateAll(CachedMethod2<A, B, R> method) {
		return this.delegate.invalidateAll(method);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateAll(CachedMethod3<A, B, C, R> method) {
		return this.delegate.invalidateAll(method);
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval) {
		return this.delegate.loopingBackgroundCall(task, interval);
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval, boolean runOnAllInstances) {
		return this.delegate.loopingBackgroundCall(task, interval, runOnAllInstances);
	}

	@Override
	public BackgroundCall delayedBackgroundCall(Duration delay, Runnable task) {
		return this.delegate.delayedBackgroundCall(delay, task);
	}

	@Override
	public <T> CompletableFuture<T> deferToThread(Supplier<T> blockingWork) {
		return this.delegate.deferToThread(blockingWork);
	}

	@Override
	public CompletableFuture<Void> sleep(Duration duration) {
		return this.delegate.sleep(duration);
	}

	@Override
	public boolean shouldRunBackgroundTasks() {
		return this.delegate.shouldRunBackgroundTasks();
	}

	@Override
	public String instanceName() {
		return this.delegate.instanceName();
	}

	@Override
	public RestClient httpClient() {
		return this.delegate.httpClient();
	}

	@Override
	public <T> Optional<T> hostProperty(String key, Class<T> type) {
		return this.delegate.hostProperty(key, type);
	}

}

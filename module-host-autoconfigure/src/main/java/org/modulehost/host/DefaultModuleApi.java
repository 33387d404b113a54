package org.modulehost.host;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.BackgroundCall;
import org.modulehost.api.CachedMethod;
import org.modulehost.api.CachedMethod1;
import org.modulehost.api.CachedMethod2;
import org.modulehost.api.CachedMethod3;
import org.modulehost.api.ModuleApi;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * The core {@link ModuleApi} of one module. Registrations go to the feature registrars while the
 * module's registration window is open.
 */
final class DefaultModuleApi implements ModuleApi {

	private static final Log logger = LogFactory.getLog(DefaultModuleApi.class);

	private final ModuleRegistration module;

	private final ModuleHost.Features features;

	private final ModuleExecutors executors;

	private final HostSettings settings;

	private final Environment environment;

	private final Supplier<RestClient> httpClient;

	DefaultModuleApi(ModuleRegistration module, ModuleHost.Features features, ModuleExecutors executors,
			HostSettings settings, Environment environment, Supplier<RestClient> httpClient) {
		this.module = module;
		this.features = features;
		this.executors = executors;
		this.settings = settings;
		this.environment = environment;
		this.httpClient = httpClient;
	}

	@Override
	public String moduleName() {
		return this.module.name();
	}

	@Override
	public void registerWebResource(String path, Object resource) {
		this.module.checkOpen("registerWebResource");
		require(this.features.web(), "registerWebResource", "web resources").registerWebResource(this.module, path,
				resource);
	}

	@Override
	public <C> void registerCallbacks(Class<C> category, C callbacks) {
		this.module.checkOpen("registerCallbacks");
		require(this.features.callbacks(), "registerCallbacks", "callbacks").registerCallbacks(this.module, category,
				callbacks);
	}

	@Override
	public <A, R> void registerCachedFunction(CachedMethod1<A, R> method) {
		registerCached(method);
	}

	@Override
	public <A, B, R> void registerCachedFunction(CachedMethod2<A, B, R> method) {
		registerCached(method);
	}

	@Override
	public <A, B, C, R> void registerCachedFunction(CachedMethod3<A, B, C, R> method) {
		registerCached(method);
	}

	private void registerCached(CachedMethod<?> method) {
		this.module.checkOpen("registerCachedFunction");
		caches().registerCachedFunction(this.module, method);
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateCache(CachedMethod1<A, R> method, A a) {
		return invalidate(method, a);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a, B b) {
		return invalidate(method, a, b);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a) {
		return invalidate(method, a);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b, C c) {
		return invalidate(method, a, b, c);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b) {
		return invalidate(method, a, b);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a) {
		return invalidate(method, a);
	}

	private CompletableFuture<Void> invalidate(CachedMethod<?> method, @Nullable Object... keys) {
		return caches().invalidate(this.module, method, Arrays.asList(keys));
	}

	@Override
	public <A, R> CompletableFuture<Void> invalidateAll(CachedMethod1<A, R> method) {
		return caches().invalidateAll(this.module, method);
	}

	@Override
	public <A, B, R> CompletableFuture<Void> invalidateAll(CachedMethod2<A, B, R> method) {
		return caches().invalidateAll(this.module, method);
	}

	@Override
	public <A, B, C, R> CompletableFuture<Void> invalidateAll(CachedMethod3<A, B, C, R> method) {
		return caches().invalidateAll(this.module, method);
	}

	private CachedFunctionRegistrar caches() {
		return require(this.features.caches(), "a cached-function method", "cached functions");
	}

	private <T> T require(@Nullable T registrar, String method, String feature) {
		if (registrar == null) {
			throw new UnsupportedOperationException("Module '" + this.module.name() + "' called " + method
					+ ", but this host does not support " + feature);
		}
		return registrar;
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval) {
		return loopingBackgroundCall(task, interval, false);
	}

	@Override
	public BackgroundCall loopingBackgroundCall(Runnable task, Duration interval, boolean runOnAllInstances) {
		if (!runOnAllInstances && !this.settings.runsBackgroundTasks()) {
			logger.info("Not scheduling a looping call of module '" + this.module.name() + "' on instance '"
					+ this.settings.instanceName() + "': background tasks run on '"
					+ this.settings.backgroundTasksInstance() + "'");
			return track(new ModuleExecutors.NotScheduled());
		}
		return track(this.executors.looping(this.module.name(), task, interval));
	}

	@Override
	public BackgroundCall delayedBackgroundCall(Duration delay, Runnable task) {
		return track(this.executors.delayed(this.module.name(), delay, task));
	}

	private BackgroundCall track(BackgroundCall call) {
		this.module.track(call);
		return call;
	}

	@Override
	public <T> CompletableFuture<T> deferToThread(Supplier<T> blockingWork) {
		return this.executors.defer(this.module.name(), blockingWork);
	}

	@Override
	public CompletableFuture<Void> sleep(Duration duration) {
		return this.executors.sleep(duration);
	}

	@Override
	public boolean shouldRunBackgroundTasks() {
		return this.settings.runsBackgroundTasks();
	}

	@Override
	public String instanceName() {
		return this.settings.instanceName();
	}

	@Override
	public RestClient httpClient() {
		return this.httpClient.get();
	}

	@Override
	public <T> Optional<T> hostProperty(String key, Class<T> type) {
		try {
			return Optional.ofNullable(this.environment.getProperty(key, type));
		}
		catch (ConversionException ex) {
			throw new IllegalArgumentException("Host property '" + key + "' cannot be read as " + type.getSimpleName()
					+ ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "ModuleApi[" + this.module.name() + "]";
	}


}

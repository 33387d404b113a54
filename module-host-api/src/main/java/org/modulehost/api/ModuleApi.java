package org.modulehost.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.client.RestClient;

/**
 * What a module gets from its host: Synapse's {@code ModuleApi}, one instance per module.
 *
 * <p>A module receives its {@code ModuleApi} (or a sub-interface the host offers, such as a
 * homeserver's API) as the second argument of its constructor. Every {@code register…} method
 * may be called only while that constructor runs; a later call throws
 * {@link IllegalStateException} naming the module and the method. All other methods may be
 * called at any time from any thread.
 */
public interface ModuleApi {

	/**
	 * Returns the module's name: the configured {@code name}, else the simple class name, made
	 * unique. It appears in logs, metrics, the actuator and cache names.
	 * @return the module's name
	 */
	String moduleName();

	// ---- web resources -------------------------------------------------------------------

	/**
	 * Serves {@code resource} at {@code path} and below it.
	 *
	 * <p>{@code resource} is a {@code org.springframework.web.HttpRequestHandler} (receives every
	 * request for {@code path} and anything under {@code path/}), a
	 * {@code RouterFunction<ServerResponse>} (routes relative to {@code path}), or an object with
	 * Spring MVC {@code @RequestMapping}-family methods (mappings relative to {@code path}). In a
	 * reactive (WebFlux) application it is an {@code org.springframework.web.server.WebHandler} or
	 * an {@code org.springframework.http.server.reactive.HttpHandler} (receive everything under
	 * {@code path}), a WebFlux {@code RouterFunction<ServerResponse>}, or an annotated controller,
	 * by the same path rules. The first module in configuration order keeps a path; a later
	 * module's registration of the same path is logged and shown as shadowed.
	 * <p>Router functions and controllers are passed as they are (no cast is needed). Only the
	 * servlet {@code HttpRequestHandler} has a typed overload, so that a lambda can be written
	 * for it; a typed overload for either stack's {@code RouterFunction} would make every call
	 * of this method need that stack on the compiler's class path.
	 * @param path an absolute, normalised path outside the reserved namespaces
	 * ({@code /_matrix/client}, {@code /_matrix/federation}, {@code /_matrix/key},
	 * {@code /_matrix/media}, {@code /_synapse/admin}, the actuator, the error path and
	 * {@code modulehost.web.reserved-paths}); modules should use {@code /_synapse/client/<module>}
	 * @param resource the handler
	 * @throws IllegalArgumentException if the path is not absolute and normalised, lies in a
	 * reserved namespace, or the resource is of none of the supported kinds
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerWebResource(String path, Object resource);

	/**
	 * Serves {@code handler} at {@code path} and below it: it receives every request for
	 * {@code path} and anything under {@code path/}. The same as
	 * {@link #registerWebResource(String, Object)}, typed so that a lambda needs no cast:
	 * {@code api.registerWebResource(path, (request, response) -> …)}.
	 * @param path an absolute, normalised path outside the reserved namespaces (see
	 * {@link #registerWebResource(String, Object)})
	 * @param handler the handler
	 * @throws IllegalArgumentException if the path is refused
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	default void registerWebResource(String path, HttpRequestHandler handler) {
		registerWebResource(path, (Object) handler);
	}

	// ---- callbacks -----------------------------------------------------------------------

	/**
	 * Registers callbacks of one category: every method of {@code category} that
	 * {@code callbacks} overrides. A module may register several objects for one category; they
	 * are called in registration order, after the callbacks of earlier modules.
	 * @param <C> the category
	 * @param category an interface annotated {@code @CallbackCategory}
	 * @param callbacks an implementation overriding at least one of its methods
	 * @throws IllegalArgumentException if {@code category} is not a callback category, or
	 * {@code callbacks} overrides none of its methods, or claims an {@code EXCLUSIVE} callback
	 * another module holds (that last refusal fails start-up even if the module catches it)
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	<C> void registerCallbacks(Class<C> category, C callbacks);

	// ---- cached functions ----------------------------------------------------------------

	/**
	 * Turns on caching for a {@link Cached @Cached} method of this module, e.g.
	 * {@code api.registerCachedFunction(this::getDepartmentForUser)}.
	 * @param <A> the argument type
	 * @param <R> the result type
	 * @param method a reference to the method on this module's instance
	 * @throws IllegalArgumentException if the method is not annotated {@code @Cached}
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	<A, R> void registerCachedFunction(CachedMethod1<A, R> method);

	/**
	 * Turns on caching for a two-argument {@link Cached @Cached} method of this module.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <R> the result type
	 * @param method a reference to the method on this module's instance
	 * @throws IllegalArgumentException if the method is not annotated {@code @Cached}
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	<A, B, R> void registerCachedFunction(CachedMethod2<A, B, R> method);

	/**
	 * Turns on caching for a three-argument {@link Cached @Cached} method of this module.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 * @param method a reference to the method on this module's instance
	 * @throws IllegalArgumentException if the method is not annotated {@code @Cached}
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	<A, B, C, R> void registerCachedFunction(CachedMethod3<A, B, C, R> method);

	/**
	 * Drops the cached result for one key, here and (with several instances) on every other
	 * instance. A computation for that key still running keeps its result out of the cache.
	 * @param <A> the argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the key
	 * @return a future completed once the local cache no longer holds the entry
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, R> CompletableFuture<Void> invalidateCache(CachedMethod1<A, R> method, A a);

	/**
	 * Drops the cached result for one key of a two-argument method.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the first key argument
	 * @param b the second key argument
	 * @return a future completed once the local cache no longer holds the entry
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a, B b);

	/**
	 * Drops every cached result whose first argument is {@code a}; for {@code tree} caches only.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the key prefix
	 * @return a future completed once the local cache no longer holds those entries
	 * @throws IllegalArgumentException if the method was not registered, or is not a tree cache
	 */
	<A, B, R> CompletableFuture<Void> invalidateCache(CachedMethod2<A, B, R> method, A a);

	/**
	 * Drops the cached result for one key of a three-argument method.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the first key argument
	 * @param b the second key argument
	 * @param c the third key argument
	 * @return a future completed once the local cache no longer holds the entry
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b, C c);

	/**
	 * Drops every cached result whose first two arguments are {@code a} and {@code b}; for
	 * {@code tree} caches only.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the first key argument
	 * @param b the second key argument
	 * @return a future completed once the local cache no longer holds those entries
	 * @throws IllegalArgumentException if the method was not registered, or is not a tree cache
	 */
	<A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a, B b);

	/**
	 * Drops every cached result whose first argument is {@code a}; for {@code tree} caches only.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @param a the first key argument
	 * @return a future completed once the local cache no longer holds those entries
	 * @throws IllegalArgumentException if the method was not registered, or is not a tree cache
	 */
	<A, B, C, R> CompletableFuture<Void> invalidateCache(CachedMethod3<A, B, C, R> method, A a);

	/**
	 * Drops every cached result of a method, here and on every other instance.
	 * @param <A> the argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @return a future completed once the local cache is empty
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, R> CompletableFuture<Void> invalidateAll(CachedMethod1<A, R> method);

	/**
	 * Drops every cached result of a two-argument method.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @return a future completed once the local cache is empty
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, B, R> CompletableFuture<Void> invalidateAll(CachedMethod2<A, B, R> method);

	/**
	 * Drops every cached result of a three-argument method.
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 * @param method the registered method
	 * @return a future completed once the local cache is empty
	 * @throws IllegalArgumentException if the method was not registered
	 */
	<A, B, C, R> CompletableFuture<Void> invalidateAll(CachedMethod3<A, B, C, R> method);

	// ---- running work --------------------------------------------------------------------

	/**
	 * Runs {@code task} every {@code interval}, the first time one interval from now, on the
	 * instance that runs background tasks only ({@link #shouldRunBackgroundTasks()}); elsewhere
	 * the call is logged and not scheduled. An exception in a run is logged with the module's
	 * name and the loop goes on. Runs never overlap.
	 * @param task the work
	 * @param interval the time between the end of one run and the start of the next; positive
	 * @return a handle to cancel the loop
	 */
	BackgroundCall loopingBackgroundCall(Runnable task, Duration interval);

	/**
	 * Like {@link #loopingBackgroundCall(Runnable, Duration)}, but with
	 * {@code runOnAllInstances = true} the loop runs on every instance, as Synapse's
	 * {@code run_on_all_instances=True}.
	 * @param task the work
	 * @param interval the time between the end of one run and the start of the next; positive
	 * @param runOnAllInstances whether to run on every instance rather than only on the one that
	 * runs background tasks
	 * @return a handle to cancel the loop
	 */
	BackgroundCall loopingBackgroundCall(Runnable task, Duration interval, boolean runOnAllInstances);

	/**
	 * Runs {@code task} once after {@code delay}, on this instance. An exception is logged with
	 * the module's name.
	 * @param delay how long to wait; zero or positive
	 * @param task the work
	 * @return a handle to cancel the call before it runs
	 */
	BackgroundCall delayedBackgroundCall(Duration delay, Runnable task);

	/**
	 * Runs blocking work on the host's bounded pool for modules, never on the calling thread.
	 * @param <T> the result type
	 * @param blockingWork the work
	 * @return a future of its result, completed exceptionally if the work throws or the pool
	 * refuses it because it is full
	 */
	<T> CompletableFuture<T> deferToThread(Supplier<T> blockingWork);

	/**
	 * Returns a future that completes after {@code duration}, without holding a thread.
	 * @param duration how long; zero or positive
	 * @return the future
	 */
	CompletableFuture<Void> sleep(Duration duration);

	/**
	 * Tells whether this instance is the one that runs background tasks
	 * ({@code modulehost.instance.background-tasks}); always {@code true} for a single instance.
	 * @return whether modules should run their periodic work here
	 */
	boolean shouldRunBackgroundTasks();

	/**
	 * Returns this process's name among several instances ({@code modulehost.instance.name}).
	 * @return the instance name
	 */
	String instanceName();

	// ---- the outside world ---------------------------------------------------------------

	/**
	 * Returns an HTTP client for calls to other services, with the host's connect and read
	 * timeouts and a user agent naming the host and the module.
	 * @return a client shared by this module's calls
	 */
	RestClient httpClient();

	/**
	 * Reads a value of the host's configuration (any Spring property), converted to
	 * {@code type}.
	 * @param <T> the value type
	 * @param key a property name such as {@code server.port}
	 * @param type the type to convert to
	 * @return the value, or empty when the property is not set
	 * @throws IllegalArgumentException if the value cannot be converted to {@code type}
	 */
	<T> Optional<T> hostProperty(String key, Class<T> type);

}

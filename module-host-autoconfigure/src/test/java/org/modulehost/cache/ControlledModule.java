package org.modulehost.cache;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;

/**
 * A module whose cached methods the tests steer: they count their calls, can be held on a
 * latch, fail on demand, and hand out futures that the test completes.
 */
public class ControlledModule {

	final AtomicInteger lookups = new AtomicInteger();

	final AtomicInteger asyncLookups = new AtomicInteger();

	final AtomicInteger treeLookups = new AtomicInteger();

	final AtomicInteger callsBeforeRegistration = new AtomicInteger();

	final Queue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();

	volatile CountDownLatch entered = new CountDownLatch(0);

	volatile CountDownLatch release = new CountDownLatch(0);

	volatile RuntimeException failure;

	final ModuleApi api;

	public ControlledModule(Map<String, Object> config, ModuleApi api) {
		this.api = api;
		lookup("before registration");
		lookup("before registration");
		this.callsBeforeRegistration.set(this.lookups.get());
		this.lookups.set(0);
		api.registerCachedFunction(this::lookup);
		api.registerCachedFunction(this::asyncLookup);
		api.registerCachedFunction(this::nothing);
		api.registerCachedFunction(this::byRoom);
		api.registerCachedFunction(this::byRoomAndType);
		api.registerCachedFunction(this::firstArgumentOnly);
		api.registerCachedFunction(this::bounded);
		api.registerCachedFunction(this::pair);
	}

	@Cached
	public String lookup(String key) {
		int call = this.lookups.incrementAndGet();
		this.entered.countDown();
		await(this.release);
		RuntimeException failure = this.failure;
		if (failure != null) {
			this.failure = null;
			throw failure;
		}
		return key + "#" + call;
	}

	@Cached
	public CompletableFuture<String> asyncLookup(String key) {
		this.asyncLookups.incrementAndGet();
		CompletableFuture<String> future = new CompletableFuture<>();
		this.pending.add(future);
		return future;
	}

	@Cached
	public String nothing(String key) {
		this.lookups.incrementAndGet();
		return null;
	}

	@Cached(tree = true)
	public String byRoom(String room, long user) {
		return room + "/" + user + "#" + this.treeLookups.incrementAndGet();
	}

	@Cached(tree = true)
	public String byRoomAndType(String room, String type, int index) {
		return room + "/" + type + "/" + index + "#" + this.treeLookups.incrementAndGet();
	}

	@Cached(numArgs = 1)
	public String firstArgumentOnly(String key, String note) {
		return key + ":" + note + "#" + this.lookups.incrementAndGet();
	}

	@Cached(maxEntries = 10)
	public Integer bounded(int i) {
		this.lookups.incrementAndGet();
		return i * 2;
	}

	@Cached
	public String pair(String first, String second) {
		return first + second;
	}

	/** A self-call, as a module's own code makes. */
	public String lookupTwice(String key) {
		return lookup(key) + "|" + lookup(key);
	}

	public CompletableFuture<Void> forgetLookup(String key) {
		return this.api.invalidateCache(this::lookup, key);
	}

	public CompletableFuture<Void> forgetAsyncLookup(String key) {
		return this.api.invalidateCache(this::asyncLookup, key);
	}

	public CompletableFuture<Void> forgetAllLookups() {
		return this.api.invalidateAll(this::lookup);
	}

	public CompletableFuture<Void> forgetRoom(String room) {
		return this.api.invalidateCache(this::byRoom, room);
	}

	public CompletableFuture<Void> forgetRoomMember(String room, long user) {
		return this.api.invalidateCache(this::byRoom, room, user);
	}

	public CompletableFuture<Void> forgetRoomType(String room, String type) {
		return this.api.invalidateCache(this::byRoomAndType, room, type);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never released the module");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

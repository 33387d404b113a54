package org.modulehost.cache.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;

/**
 * A module whose cached lookups read a store that every instance shares (standing in for the
 * deployment's PostgreSQL), and which invalidates them after writing to it.
 */
public class ProfileModule {

	/** Display names by user id: the shared database. */
	static final Map<String, String> names = new ConcurrentHashMap<>();

	/** Power levels by room version and admin flag: the shared database. */
	static final Map<String, Integer> levels = new ConcurrentHashMap<>();

	final AtomicInteger lookups = new AtomicInteger();

	private final ModuleApi api;

	public ProfileModule(Map<String, Object> config, ModuleApi api) {
		this.api = api;
		api.registerCachedFunction(this::displayName);
		api.registerCachedFunction(this::level);
	}

	@Cached
	public String displayName(String userId) {
		this.lookups.incrementAndGet();
		return names.getOrDefault(userId, userId);
	}

	@Cached
	public Integer level(long roomVersion, boolean admin) {
		this.lookups.incrementAndGet();
		return levels.getOrDefault(roomVersion + "/" + admin, 0);
	}

	public void rename(String userId, String name) {
		names.put(userId, name);
		this.api.invalidateCache(this::displayName, userId).join();
	}

	public void changeLevel(long roomVersion, boolean admin, int level) {
		levels.put(roomVersion + "/" + admin, level);
		this.api.invalidateCache(this::level, roomVersion, admin).join();
	}

}

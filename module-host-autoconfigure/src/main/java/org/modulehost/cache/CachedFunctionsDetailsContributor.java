package org.modulehost.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleDetailsContributor;

/**
 * The {@code cachedFunctions} section of a module in {@code /actuator/modules}: each of its
 * caches with size, capacity, hits, misses and evictions.
 */
final class CachedFunctionsDetailsContributor implements ModuleDetailsContributor {

	private final ModuleCacheRegistry registry;

	CachedFunctionsDetailsContributor(ModuleCacheRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String key() {
		return "cachedFunctions";
	}

	@Override
	public @Nullable Object details(LoadedModule module) {
		List<CachedFunction> caches = this.registry.caches(module.name());
		if (caches.isEmpty()) {
			return null;
		}
		List<Map<String, Object>> details = new ArrayList<>();
		for (CachedFunction cache : caches) {
			CachedFunction.Statistics statistics = cache.statistics();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", statistics.name());
			entry.put("size", statistics.size());
			entry.put("capacity", statistics.capacity());
			entry.put("hits", statistics.hits());
			entry.put("misses", statistics.misses());
			entry.put("evictions", statistics.evictions());
			details.add(entry);
		}
		return details;
	}

}

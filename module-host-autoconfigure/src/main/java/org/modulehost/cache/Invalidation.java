package org.modulehost.cache;

import org.jspecify.annotations.Nullable;

/**
 * One cache invalidation travelling between instances.
 *
 * @param cache the cache's name, {@code <module>.<method>}
 * @param keys the key (or key prefix, for tree caches) in the typed encoding of the cache
 * feature, so that numbers, booleans and lists survive the trip; {@code null} means every entry
 */
public record Invalidation(String cache, @Nullable String keys) {

}

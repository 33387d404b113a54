package org.modulehost.cache;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Builds the keys of module caches from the key arguments of a call. One key argument is the
 * key itself (as in Synapse, where a one-argument key is the bare value, not a 1-tuple), so a
 * hit costs no allocation; two or three arguments are a record, which also knows its prefixes
 * for tree invalidation. Caffeine refuses {@code null} keys, so a {@code null} argument becomes
 * a sentinel.
 */
final class CacheKeys {

	/** The key of a cache with {@code numArgs = 0}: the one entry. */
	static final Object EMPTY = new Sentinel("()");

	/** A {@code null} key argument of a one-argument key. */
	static final Object NULL = new Sentinel("null");

	private CacheKeys() {
	}

	static Object of1(@Nullable Object a) {
		return (a != null) ? a : NULL;
	}

	static Object of2(@Nullable Object a, @Nullable Object b) {
		return new Key2(a, b);
	}

	static Object of3(@Nullable Object a, @Nullable Object b, @Nullable Object c) {
		return new Key3(a, b, c);
	}

	/**
	 * Returns the key for all key arguments of a call.
	 * @param parts exactly the key arguments, 0 to 3 of them
	 * @return the key
	 */
	static Object of(List<?> parts) {
		return switch (parts.size()) {
			case 0 -> EMPTY;
			case 1 -> of1(parts.get(0));
			case 2 -> of2(parts.get(0), parts.get(1));
			case 3 -> of3(parts.get(0), parts.get(1), parts.get(2));
			default -> throw new IllegalArgumentException("A cache key has at most 3 parts, not " + parts.size());
		};
	}

	/**
	 * Tells whether a key of a tree cache starts with the given key arguments.
	 * @param key a key made by this class
	 * @param prefix fewer key arguments than the key has
	 * @return whether the key's leading parts equal the prefix
	 */
	static boolean hasPrefix(Object key, List<?> prefix) {
		if (key instanceof Key2 key2) {
			return prefix.size() == 1 && key2.matches(prefix);
		}
		if (key instanceof Key3 key3) {
			return prefix.size() <= 2 && key3.matches(prefix);
		}
		return false;
	}

	private static boolean equal(@Nullable Object a, @Nullable Object b) {
		return (a == null) ? b == null : a.equals(b);
	}

	/**
	 * A two-part key.
	 */
	record Key2(@Nullable Object a, @Nullable Object b) {

		boolean matches(List<?> prefix) {
			return equal(this.a, prefix.get(0));
		}

		@Override
		public String toString() {
			return Arrays.asList(this.a, this.b).toString();
		}

	}

	/**
	 * A three-part key.
	 */
	record Key3(@Nullable Object a, @Nullable Object b, @Nullable Object c) {

		boolean matches(List<?> prefix) {
			return equal(this.a, prefix.get(0)) && (prefix.size() < 2 || equal(this.b, prefix.get(1)));
		}

		@Override
		public String toString() {
			return Arrays.asList(this.a, this.b, this.c).toString();
		}

	}

	private static final class Sentinel {

		private final String name;

		Sentinel(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}

package org.modulehost.callback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How {@code COLLECT} merges the modules' answers: into a new map (later modules' keys win), list
 * or set, in evaluation order.
 */
enum Merger {

	/** Maps merge with {@code putAll}, so a later module's key wins. */
	MAP {

		@Override
		Object empty() {
			return new LinkedHashMap<>();
		}

		@Override
		@SuppressWarnings("unchecked")
		void add(Object merged, Object answer) {
			((Map<Object, Object>) merged).putAll((Map<?, ?>) answer);
		}

	},

	/** Sets merge by union, in encounter order. */
	SET {

		@Override
		Object empty() {
			return new LinkedHashSet<>();
		}

		@Override
		@SuppressWarnings("unchecked")
		void add(Object merged, Object answer) {
			((Collection<Object>) merged).addAll((Collection<?>) answer);
		}

	},

	/** Lists and other collections are concatenated. */
	LIST {

		@Override
		Object empty() {
			return new ArrayList<>();
		}

		@Override
		@SuppressWarnings("unchecked")
		void add(Object merged, Object answer) {
			((Collection<Object>) merged).addAll((Collection<?>) answer);
		}

	};

	abstract Object empty();

	abstract void add(Object merged, Object answer);

	/**
	 * Adds a module's answer to what was merged so far.
	 * @param merged the answers merged so far, {@code null} before the first
	 * @param answer the module's answer; {@code null} adds nothing
	 * @return the merged answers
	 */
	@Nullable
	Object merge(@Nullable Object merged, @Nullable Object answer) {
		if (answer == null) {
			return merged;
		}
		Object result = (merged != null) ? merged : empty();
		add(result, answer);
		return result;
	}

	@Nullable
	static Merger of(@Nullable Class<?> type) {
		if (type == null) {
			return null;
		}
		if (Map.class.isAssignableFrom(type) && type.isAssignableFrom(LinkedHashMap.class)) {
			return MAP;
		}
		if (Set.class.isAssignableFrom(type) && type.isAssignableFrom(LinkedHashSet.class)) {
			return SET;
		}
		if (Collection.class.isAssignableFrom(type) && type.isAssignableFrom(ArrayList.class)) {
			return LIST;
		}
		return null;
	}

}

package org.modulehost.cache;

import org.modulehost.host.ModuleClassPreparer;

/**
 * Builds modules with {@code @Cached} methods as their generated caching subclass, so that the
 * module's own calls through {@code this} are cached too. Refuses, with the reason and the fix,
 * a declaration the subclass cannot honour: a final, private or static {@code @Cached} method, a
 * final class with one, {@code tree = true} with fewer than two key arguments, {@code numArgs}
 * beyond the parameters, and so on.
 */
final class CachedMethodPreparer implements ModuleClassPreparer {

	@Override
	public Class<?> prepare(Class<?> moduleClass) {
		return CachingClass.of(moduleClass).generated();
	}

}

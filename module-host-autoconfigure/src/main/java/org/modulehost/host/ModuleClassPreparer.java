package org.modulehost.host;

/**
 * Prepares a module class before it is built, e.g. by generating a subclass that intercepts
 * some of its methods. Preparers run in {@link org.springframework.core.Ordered order}; each gets
 * the previous one's result.
 */
@FunctionalInterface
public interface ModuleClassPreparer {

	/**
	 * Returns the class to instantiate in place of {@code moduleClass}: the class itself or a
	 * subclass with the same public constructors.
	 * @param moduleClass the configured class, or the previous preparer's result
	 * @return the class to build
	 * @throws IllegalArgumentException with an explanation, if the class cannot be used
	 */
	Class<?> prepare(Class<?> moduleClass);

}

package org.modulehost.api;

/**
 * A method reference to a {@link Cached @Cached} method with 1 argument.
 *
 * @param <A> the type of the first argument
 * @param <R> the method's return type
 */
@FunctionalInterface
public interface CachedMethod1<A, R> extends CachedMethod<R> {

	/**
	 * Calls the method.
	 * @param a an argument of the method
	 * @return the method's result
	 */
	R call(A a);

}

package org.modulehost.api;

/**
 * A method reference to a {@link Cached @Cached} method with 2 arguments.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <R> the method's return type
 */
@FunctionalInterface
public interface CachedMethod2<A, B, R> extends CachedMethod<R> {

	/**
	 * Calls the method.
	 * @param a an argument of the method
	 * @param b an argument of the method
	 * @return the method's result
	 */
	R call(A a, B b);

}

package org.modulehost.api;

/**
 * A method reference to a {@link Cached @Cached} method with 3 arguments.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <C> the type of the third argument
 * @param <R> the method's return type
 */
@FunctionalInterface
public interface CachedMethod3<A, B, C, R> extends CachedMethod<R> {

	/**
	 * Calls the method.
	 * @param a an argument of the method
	 * @param b an argument of the method
	 * @param c an argument of the method
	 * @return the method's result
	 */
	R call(A a, B b, C c);

}

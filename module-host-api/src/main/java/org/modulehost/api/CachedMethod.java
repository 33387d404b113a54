package org.modulehost.api;

import java.io.Serializable;

/**
 * A method reference to a module's {@link Cached @Cached} method, as passed to
 * {@link ModuleApi#registerCachedFunction(CachedMethod1)} and {@link ModuleApi#invalidateCache}.
 *
 * <p>It is {@link Serializable} so that the host can tell which method and which instance a
 * reference such as {@code this::getDepartmentForUser} designates; modules never serialize it.
 *
 * @param <R> the method's return type
 */
public interface CachedMethod<R> extends Serializable {

}

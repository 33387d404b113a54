package org.modulehost.host;

import org.modulehost.api.ModuleApi;

/**
 * Offers modules a richer API than {@link ModuleApi}: a host (such as a homeserver) declares a
 * bean of this type, and modules whose constructor asks for {@link #apiType()} (or a
 * super-interface of it) receive what {@link #create} returns.
 *
 * @param <T> the API type offered
 */
public interface ModuleApiFactory<T extends ModuleApi> {

	/**
	 * Returns the API interface this factory offers.
	 * @return a sub-interface of {@link ModuleApi}
	 */
	Class<T> apiType();

	/**
	 * Creates the API for one module; it should delegate every {@link ModuleApi} method to
	 * {@code base}.
	 * @param base the module's own core API
	 * @param module the module being built
	 * @return the module's API
	 */
	T create(ModuleApi base, ModuleRegistration module);

}

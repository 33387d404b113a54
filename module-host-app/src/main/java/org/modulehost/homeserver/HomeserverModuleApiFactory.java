package org.modulehost.homeserver;

import org.modulehost.api.ModuleApi;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.host.ModuleApiFactory;
import org.modulehost.host.ModuleRegistration;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Offers {@link HomeserverModuleApi} to modules whose constructor asks for it. The services are
 * looked up when the first module is built, so they are not created earlier than needed.
 */
final class HomeserverModuleApiFactory implements ModuleApiFactory<HomeserverModuleApi> {

	private final ObjectProvider<HomeserverServices> services;

	HomeserverModuleApiFactory(ObjectProvider<HomeserverServices> services) {
		this.services = services;
	}

	@Override
	public Class<HomeserverModuleApi> apiType() {
		return HomeserverModuleApi.class;
	}

	@Override
	public HomeserverModuleApi create(ModuleApi base, ModuleRegistration module) {
		return new DefaultHomeserverModuleApi(base, this.services.getObject());
	}

}

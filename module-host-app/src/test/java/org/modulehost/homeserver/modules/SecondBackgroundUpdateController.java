package org.modulehost.homeserver.modules;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.BackgroundUpdateLease;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;

/**
 * A second background update controller, which may not register next to another one.
 */
public class SecondBackgroundUpdateController implements BackgroundUpdateControllerCallbacks {

	public SecondBackgroundUpdateController(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerBackgroundUpdateControllerCallbacks(this);
	}

	@Override
	public @Nullable BackgroundUpdateLease onUpdate(String updateName, String databaseName, boolean oneShot) {
		return null;
	}

}

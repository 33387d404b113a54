package org.modulehost.homeserver;

/**
 * The homeserver with one test module of every callback category, loaded through
 * {@code modules:} as an operator would, and {@code nojoin-admin} as a configured administrator.
 */
@org.springframework.test.context.TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestSpamChecker",
		"modules[1].module=org.modulehost.homeserver.modules.TestThirdPartyRules",
		"modules[2].module=org.modulehost.homeserver.modules.TestAccountValidity",
		"modules[3].module=org.modulehost.homeserver.modules.TestPasswordProvider",
		"modules[4].module=org.modulehost.homeserver.modules.TestAccountDataListener",
		"modules[5].module=org.modulehost.homeserver.modules.TestUnsignedFields",
		"modules[6].module=org.modulehost.homeserver.modules.TestRatelimitOverrides",
		"modules[7].module=org.modulehost.homeserver.modules.ApiProbe", "homeserver.admins[0]=nojoin-admin" })
abstract class WithTestModules extends HomeserverTestSupport {

	@org.springframework.beans.factory.annotation.Autowired
	org.modulehost.host.ModuleHost moduleHost;

	/**
	 * The module API of this test context's {@code ApiProbe}, to call as a module would.
	 * @return the probe's API
	 */
	org.modulehost.homeserver.api.HomeserverModuleApi probeApi() {
		return this.moduleHost.modules()
			.stream()
			.map(org.modulehost.host.LoadedModule::instance)
			.filter(org.modulehost.homeserver.modules.ApiProbe.class::isInstance)
			.map(org.modulehost.homeserver.modules.ApiProbe.class::cast)
			.findFirst()
			.orElseThrow()
			.api();
	}

	static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

}

package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The homeserver with a real identity server over HTTP ({@link IdentityServerStub}) and a port
 * where none answers, both trusted, and {@code TestThreepidRules} as module. The identity server
 * is plain HTTP, its answers are awaited for 2 seconds, and a user may send 5 third-party invites.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestThreepidRules",
		"homeserver.identity-server.scheme=http", "homeserver.identity-server.request-timeout=2s",
		"homeserver.identity-server.invite-ratelimit.per-second=0.001",
		"homeserver.identity-server.invite-ratelimit.burst-count=5" })
abstract class WithIdentityServer extends HomeserverTestSupport {

	static final IdentityServerStub identityServer = IdentityServerStub.start();

	/** A trusted identity server that is down. */
	static final String DOWN = "localhost:" + IdentityServerStub.closedPort();

	@DynamicPropertySource
	static void identityServers(DynamicPropertyRegistry registry) {
		registry.add("homeserver.identity-server.trusted[0]", identityServer::name);
		registry.add("homeserver.identity-server.trusted[1]", () -> DOWN);
	}

	static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	/** The state and timeline events of a joined room in a /sync answer. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> roomEvents(MatrixClient.Response sync, String roomId) {
		Map<String, Object> room = (Map<String, Object>) ((Map<String, Object>) sync.map("rooms").get("join"))
			.get(roomId);
		List<Map<String, Object>> events = new java.util.ArrayList<>();
		events.addAll((List<Map<String, Object>>) ((Map<String, Object>) room.get("state")).get("events"));
		events.addAll((List<Map<String, Object>>) ((Map<String, Object>) room.get("timeline")).get("events"));
		return events;
	}

}

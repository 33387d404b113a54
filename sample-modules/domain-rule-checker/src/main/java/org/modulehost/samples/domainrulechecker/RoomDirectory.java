package org.modulehost.samples.domainrulechecker;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.modulehost.homeserver.api.HomeserverModuleApi;

/**
 * Tells whether a room is published in this homeserver's room directory.
 *
 * <p>{@link HomeserverModuleApi} has no counterpart of Synapse's
 * {@code public_room_list_manager.room_is_in_public_room_list}, so this asks the homeserver's
 * client API, {@code GET /_matrix/client/v3/directory/list/room/{roomId}} (which needs no access
 * token), on this process's own port, from the module's thread pool.
 */
final class RoomDirectory {

	private static final String VISIBILITY = "/_matrix/client/v3/directory/list/room/{roomId}";

	private final HomeserverModuleApi api;

	RoomDirectory(HomeserverModuleApi api) {
		this.api = api;
	}

	/**
	 * Reads a room's directory visibility.
	 * @param roomId the room
	 * @return a stage of whether the room is published; completed exceptionally when the
	 * homeserver cannot answer
	 */
	CompletionStage<Boolean> isPublished(String roomId) {
		return this.api.deferToThread(() -> {
			Map<?, ?> answer = this.api.httpClient().get().uri(baseUri() + VISIBILITY, roomId).retrieve().body(Map.class);
			return answer != null && "public".equals(answer.get("visibility"));
		});
	}

	private String baseUri() {
		int port = this.api.hostProperty("local.server.port", Integer.class)
			.or(() -> this.api.hostProperty("server.port", Integer.class))
			.orElse(8080);
		boolean ssl = this.api.hostProperty("server.ssl.enabled", Boolean.class).orElse(false);
		String address = this.api.hostProperty("server.address", String.class)
			.filter((host) -> !host.equals("0.0.0.0") && !host.equals("::"))
			.map((host) -> host.contains(":") ? "[" + host + "]" : host)
			.orElse("127.0.0.1");
		String contextPath = this.api.hostProperty("server.servlet.context-path", String.class).orElse("");
		return (ssl ? "https" : "http") + "://" + address + ":" + port + contextPath;
	}

}

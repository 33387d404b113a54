package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the presence tests do as a client: set and read presence, and read the {@code m.presence}
 * events of a {@code /sync}.
 */
final class PresenceSupport {

	private PresenceSupport() {
	}

	static String path(String userId) {
		return "/_matrix/client/v3/presence/" + MatrixClient.encode(userId) + "/status";
	}

	static MatrixClient.Response set(MatrixClient client, String presence, @Nullable String statusMsg) {
		return client.put(path(client.userId()),
				(statusMsg != null) ? Map.of("presence", presence, "status_msg", statusMsg) : Map.of("presence", presence));
	}

	static MatrixClient.Response get(MatrixClient client, String userId) {
		return client.get(path(userId));
	}

	/** A /sync that leaves the syncing user's own presence alone. */
	static MatrixClient.Response sync(MatrixClient client, @Nullable String since, String query) {
		StringBuilder path = new StringBuilder("/_matrix/client/v3/sync?set_presence=offline&timeout=0");
		if (since != null) {
			path.append("&since=").append(MatrixClient.encode(since));
		}
		if (!query.isEmpty()) {
			path.append('&').append(query);
		}
		return client.get(path.toString());
	}

	/** The m.presence events of a /sync response. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> events(MatrixClient.Response sync) {
		Map<String, Object> presence = sync.map("presence");
		return (presence != null) ? (List<Map<String, Object>>) presence.get("events") : List.of();
	}

	/** The m.presence events a /sync response carries for one user. */
	static List<Map<String, Object>> eventsOf(MatrixClient.Response sync, String userId) {
		return events(sync).stream().filter((event) -> userId.equals(event.get("sender"))).toList();
	}

	/** The presence states a /sync response carries for one user, in order. */
	static List<Object> statesOf(MatrixClient.Response sync, String userId) {
		return eventsOf(sync, userId).stream().map((event) -> MatrixClient.content(event).get("presence")).toList();
	}

}

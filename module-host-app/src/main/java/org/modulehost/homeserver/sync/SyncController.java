package org.modulehost.homeserver.sync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /_matrix/client/v3/sync} and the filters clients define for it. A filter's ID is
 * the filter itself, encoded, so filters need no storage; a filter is checked when it is
 * created and applied as {@link SyncFilter} says.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class SyncController {

	private final SyncHandler handler;

	private final JsonCodec json;

	private final HomeserverProperties properties;

	SyncController(SyncHandler handler, JsonCodec json, HomeserverProperties properties) {
		this.handler = handler;
		this.json = json;
		this.properties = properties;
	}

	@GetMapping("/sync")
	CompletableFuture<Map<String, Object>> sync(@RequestParam(required = false) @Nullable String since,
			@RequestParam(defaultValue = "0") long timeout, @RequestParam(name = "full_state", defaultValue = "false")
			boolean fullState, @RequestParam(required = false) @Nullable String filter,
			@RequestParam(name = "set_presence", defaultValue = "online") String setPresence, Requester requester) {
		SyncHandler.Since position = SyncHandler.Since.of(since);
		long timeoutMs = Math.min(Math.max(timeout, 0), this.properties.getSync().getMaxTimeout().toMillis());
		if (!UserPresenceState.isValid(setPresence)) {
			// As Synapse: a query parameter with a value it does not allow.
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Query parameter \"set_presence\" must be one of [\"offline\", \"online\", \"unavailable\"]");
		}
		return this.handler.sync(requester, position, timeoutMs, filter(filter), fullState, setPresence);
	}

	@PostMapping("/user/{userId}/filter")
	Map<String, Object> createFilter(@PathVariable String userId, @RequestBody(required = false) byte @Nullable [] body,
			Requester requester) {
		ownUser(userId, requester);
		// Parsed here: the user is checked before the body.
		JsonBody filter = JsonBody.parse(body, this.json, false);
		// Checked as Synapse does: an invalid filter is refused with 400 M_BAD_JSON.
		SyncFilter.of(filter.asMap(), this.properties.getSync().getDefaultTimelineLimit());
		String id = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.json.write(filter.asMap()).getBytes(StandardCharsets.UTF_8));
		return Map.of("filter_id", id);
	}

	@GetMapping("/user/{userId}/filter/{filterId}")
	Map<String, Object> filter(@PathVariable String userId, @PathVariable String filterId, Requester requester) {
		ownUser(userId, requester);
		return decode(filterId);
	}

	private void ownUser(String userId, Requester requester) {
		if (!requester.userId().equals(userId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Cannot use filters of other users");
		}
	}

	private SyncFilter filter(@Nullable String filter) {
		int limit = this.properties.getSync().getDefaultTimelineLimit();
		if (filter == null || filter.isEmpty()) {
			return SyncFilter.none(limit);
		}
		Map<String, Object> definition = filter.startsWith("{") ? parse(filter) : decode(filter);
		return SyncFilter.of(definition, limit);
	}

	private Map<String, Object> decode(String filterId) {
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(filterId);
		}
		catch (IllegalArgumentException ex) {
			throw new MatrixError(404, Codes.NOT_FOUND, "No such filter");
		}
		return parse(new String(bytes, StandardCharsets.UTF_8));
	}

	private Map<String, Object> parse(String filter) {
		try {
			return this.json.readObject(filter);
		}
		catch (JacksonException ex) {
			throw new MatrixError(400, Codes.NOT_JSON, "Invalid filter: not a JSON object");
		}
	}

}

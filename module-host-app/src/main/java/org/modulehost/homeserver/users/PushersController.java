package org.modulehost.homeserver.users;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /pushers} and {@code POST /pushers/set}: a user's pushers, identified by
 * {@code app_id} and {@code pushkey}, stored (a {@code null} kind deletes) in their account data
 * under {@link #STATE_TYPE}. Nothing is pushed: this server sends no push notifications.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/pushers")
final class PushersController {

	/** The account data type holding a user's pushers. */
	static final String STATE_TYPE = "org.modulehost.pushers";

	/** The spec's limit on {@code app_id}, in characters. */
	static final int MAX_APP_ID_LENGTH = 64;

	/** The spec's limit on {@code pushkey}, in bytes. */
	static final int MAX_PUSHKEY_BYTES = 512;

	/** How many pushers a user may have. */
	static final int MAX_PUSHERS_PER_USER = 100;

	private static final List<String> REQUIRED = List.of("kind", "app_id", "app_display_name",
			"device_display_name", "pushkey", "lang", "data");

	private final AccountData accountData;

	PushersController(AccountData accountData) {
		this.accountData = accountData;
	}

	@GetMapping({ "", "/" })
	Map<String, Object> list(Requester requester) {
		return Map.of("pushers", pushers(requester.userId()));
	}

	@PostMapping("/set")
	Map<String, Object> set(Requester requester, @JsonRequestBody JsonBody body) {
		Map<String, Object> fields = body.asMap();
		if (fields.containsKey("kind") && fields.get("kind") == null) {
			String appId = body.requireString("app_id");
			String pushkey = body.requireString("pushkey");
			List<Map<String, Object>> pushers = pushers(requester.userId());
			if (pushers.removeIf((pusher) -> appId.equals(pusher.get("app_id")) && pushkey.equals(pusher.get("pushkey")))) {
				save(requester.userId(), pushers);
			}
			return Map.of();
		}
		List<String> missing = REQUIRED.stream().filter((name) -> fields.get(name) == null).toList();
		if (!missing.isEmpty()) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing parameters: " + String.join(", ", missing));
		}
		for (String name : REQUIRED) {
			if (!"data".equals(name) && !(fields.get(name) instanceof String)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "'" + name + "' must be a string");
			}
		}
		String kind = (String) fields.get("kind");
		String appId = (String) fields.get("app_id");
		String pushkey = (String) fields.get("pushkey");
		if (!"http".equals(kind)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unsupported pusher kind: " + kind);
		}
		if (appId.length() > MAX_APP_ID_LENGTH) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "app_id longer than " + MAX_APP_ID_LENGTH + " characters");
		}
		if (pushkey.getBytes(StandardCharsets.UTF_8).length > MAX_PUSHKEY_BYTES) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "pushkey longer than " + MAX_PUSHKEY_BYTES + " bytes");
		}
		if (!(fields.get("data") instanceof Map<?, ?> data)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'data' must be an object");
		}
		if (!(data.get("url") instanceof String url)) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing 'url' in data");
		}
		validUrl(url);
		if (fields.containsKey("append") && !(fields.get("append") instanceof Boolean)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'append' must be a boolean");
		}
		Map<String, Object> pusher = new LinkedHashMap<>();
		for (String name : List.of("pushkey", "kind", "app_id", "app_display_name", "device_display_name", "lang",
				"data")) {
			pusher.put(name, fields.get(name));
		}
		if (fields.get("profile_tag") instanceof String tag) {
			pusher.put("profile_tag", tag);
		}
		List<Map<String, Object>> pushers = pushers(requester.userId());
		boolean replacing = pushers
			.removeIf((existing) -> appId.equals(existing.get("app_id")) && pushkey.equals(existing.get("pushkey")));
		if (!replacing && pushers.size() >= MAX_PUSHERS_PER_USER) {
			throw new MatrixError(400, Codes.UNKNOWN, "Too many pushers (the limit is " + MAX_PUSHERS_PER_USER + ")");
		}
		pushers.add(pusher);
		save(requester.userId(), pushers);
		return Map.of();
	}

	private static void validUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'url' is not a URL");
		}
		if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null
				|| !"/_matrix/push/v1/notify".equals(uri.getPath())) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"'url' must be an http(s) URL with the path /_matrix/push/v1/notify");
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> pushers(String userId) {
		List<Map<String, Object>> pushers = new ArrayList<>();
		Object stored = this.accountData.get(userId, null, STATE_TYPE).orElse(Map.of()).get("pushers");
		if (stored instanceof List<?> list) {
			for (Object pusher : list) {
				if (pusher instanceof Map<?, ?> map) {
					pushers.add(new LinkedHashMap<>((Map<String, Object>) map));
				}
			}
		}
		return pushers;
	}

	private void save(String userId, List<Map<String, Object>> pushers) {
		this.accountData.put(userId, null, STATE_TYPE, Map.of("pushers", pushers));
	}

}

package org.modulehost.homeserver.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.rooms.RoomCreation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What clients ask before anything else: {@code /versions}, {@code /capabilities} (the push rules
 * are {@code users.PushRulesController}'s).
 */
@RestController
final class ClientInfoController {

	private final org.modulehost.homeserver.email.Mailer mailer;

	ClientInfoController(org.modulehost.homeserver.email.Mailer mailer) {
		this.mailer = mailer;
	}

	@GetMapping("/_matrix/client/versions")
	Map<String, Object> versions() {
		return Map.of("versions", List.of("r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8",
				"v1.9", "v1.10", "v1.11"), "unstable_features", Map.of());
	}

	@GetMapping({ "/_matrix/client/v3/capabilities", "/_matrix/client/r0/capabilities" })
	Map<String, Object> capabilities() {
		Map<String, Object> capabilities = new LinkedHashMap<>();
		capabilities.put("m.change_password", Map.of("enabled", true));
		Map<String, Object> available = new LinkedHashMap<>();
		RoomCreation.ROOM_VERSIONS.forEach((version) -> available.put(version, "stable"));
		capabilities.put("m.room_versions", Map.of("default", RoomCreation.ROOM_VERSION, "available", available));
		capabilities.put("m.set_displayname", Map.of("enabled", true));
		capabilities.put("m.set_avatar_url", Map.of("enabled", true));
		capabilities.put("m.3pid_changes", Map.of("enabled", this.mailer.enabled()));
		return Map.of("capabilities", capabilities);
	}

}

package org.modulehost.homeserver.rooms;

import java.util.Map;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rooms/{roomId}/upgrade}: replaces a room with a new one of another room version
 * ({@link RoomUpgrades}) and answers its ID as {@code replacement_room}.
 */
@RestController
final class RoomUpgradeController {

	private final RoomUpgrades upgrades;

	RoomUpgradeController(RoomUpgrades upgrades) {
		this.upgrades = upgrades;
	}

	@PostMapping("/_matrix/client/{version:v3|r0}/rooms/{roomId}/upgrade")
	Map<String, Object> upgrade(@PathVariable String roomId, Requester requester, @JsonRequestBody JsonBody body) {
		String newVersion = body.requireString("new_version");
		return Map.of("replacement_room", this.upgrades.upgrade(requester, roomId, newVersion));
	}

}

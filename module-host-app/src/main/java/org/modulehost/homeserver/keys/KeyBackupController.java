package org.modulehost.homeserver.keys;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-side key backup is not implemented: {@code GET /room_keys/version} answers that there is
 * no backup, as Synapse does for a user who has none, so clients go on without one.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class KeyBackupController {

	@GetMapping({ "/room_keys/version", "/room_keys/version/{backupVersion}" })
	void version(Requester requester) {
		throw new MatrixError(404, Codes.NOT_FOUND, "No backup found");
	}

}

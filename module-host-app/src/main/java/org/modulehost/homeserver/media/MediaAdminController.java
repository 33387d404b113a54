package org.modulehost.homeserver.media;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's media admin APIs, for server administrators: quarantining media (it is then served
 * to nobody, 404) and lifting it, quarantining all of a user's media, and deleting media (its
 * files, thumbnails and rows).
 */
@RestController
@RequestMapping("/_synapse/admin/v1")
final class MediaAdminController {

	private final MediaRepository media;

	private final Accounts accounts;

	MediaAdminController(MediaRepository media, Accounts accounts) {
		this.media = media;
		this.accounts = accounts;
	}

	@PostMapping("/media/quarantine/{serverName}/{mediaId}")
	Map<String, Object> quarantine(Requester requester, @PathVariable String serverName,
			@PathVariable String mediaId) {
		admin(requester);
		MediaRepository.checkMediaId(mediaId);
		if (serverName.equals(this.media.serverName())) {
			this.media.store().quarantine(mediaId, requester.userId());
		}
		return Map.of();
	}

	@PostMapping("/media/unquarantine/{serverName}/{mediaId}")
	Map<String, Object> unquarantine(Requester requester, @PathVariable String serverName,
			@PathVariable String mediaId) {
		admin(requester);
		MediaRepository.checkMediaId(mediaId);
		if (serverName.equals(this.media.serverName())) {
			this.media.store().quarantine(mediaId, null);
		}
		return Map.of();
	}

	@PostMapping("/user/{userId}/media/quarantine")
	Map<String, Object> quarantineUser(Requester requester, @PathVariable String userId) {
		admin(requester);
		return Map.of("num_quarantined", this.media.store().quarantineUser(userId, requester.userId()));
	}

	@DeleteMapping("/media/{serverName}/{mediaId}")
	Map<String, Object> delete(Requester requester, @PathVariable String serverName, @PathVariable String mediaId)
			throws IOException {
		admin(requester);
		if (!serverName.equals(this.media.serverName())) {
			throw new MatrixError(400, Codes.UNKNOWN, "Can only delete local media");
		}
		if (!this.media.delete(mediaId)) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown media");
		}
		return Map.of("deleted_media", List.of(mediaId), "total", 1);
	}

	private void admin(Requester requester) {
		if (!this.accounts.isAdmin(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You are not a server admin");
		}
	}

}

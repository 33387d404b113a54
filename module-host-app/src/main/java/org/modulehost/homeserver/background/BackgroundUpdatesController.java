package org.modulehost.homeserver.background;

import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's background updates admin API, for server administrators:
 * {@code GET /_synapse/admin/v1/background_updates/status}, {@code GET|POST …/enabled} and
 * {@code POST …/start_job} with {@code job_name} {@code regenerate_directory} (Synapse's) or
 * {@code regenerate_search_index} (this homeserver's: empties the search index and fills it
 * again from the stored events).
 */
@RestController
@RequestMapping("/_synapse/admin/v1/background_updates")
final class BackgroundUpdatesController {

	static final String REGENERATE_DIRECTORY = "regenerate_directory";

	static final String REGENERATE_SEARCH_INDEX = "regenerate_search_index";

	private final BackgroundUpdater updater;

	private final Accounts accounts;

	BackgroundUpdatesController(BackgroundUpdater updater, Accounts accounts) {
		this.updater = updater;
		this.accounts = accounts;
	}

	@GetMapping("/status")
	Map<String, Object> status(Requester requester) {
		requireAdmin(requester);
		return this.updater.status();
	}

	@GetMapping("/enabled")
	Map<String, Object> enabled(Requester requester) {
		requireAdmin(requester);
		return Map.of("enabled", this.updater.store().enabled());
	}

	@PostMapping("/enabled")
	Map<String, Object> setEnabled(Requester requester, @JsonRequestBody JsonBody body) {
		requireAdmin(requester);
		if (body.has("enabled") && !(body.asMap().get("enabled") instanceof Boolean)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'enabled' parameter must be a boolean");
		}
		boolean enabled = body.bool("enabled", true);
		this.updater.store().setEnabled(enabled);
		this.updater.wakeUp();
		return Map.of("enabled", enabled);
	}

	@PostMapping("/start_job")
	Map<String, Object> startJob(Requester requester, @JsonRequestBody JsonBody body) {
		requireAdmin(requester);
		String job = body.requireString("job_name");
		boolean queued = switch (job) {
			case REGENERATE_DIRECTORY -> this.updater.store().queue(UserDirectoryUpdates.POPULATE, Map.of(), null, 100)
					&& this.updater.store().queue(UserDirectoryUpdates.CLEANUP, Map.of(), UserDirectoryUpdates.POPULATE, 101);
			case REGENERATE_SEARCH_INDEX -> EventSearchUpdate.rebuild(this.updater.store());
			default -> throw new MatrixError(400, Codes.UNKNOWN, "Invalid job_name");
		};
		if (!queued) {
			throw new MatrixError(400, Codes.UNKNOWN, "Job " + job + " is already in queue of background updates.");
		}
		this.updater.wakeUp();
		return Map.of();
	}

	private void requireAdmin(Requester requester) {
		if (!this.accounts.isAdmin(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You are not a server admin");
		}
	}

}

package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.DeviceRecord;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The devices API: {@code GET /devices}, {@code GET|PUT|DELETE /devices/{deviceId}} and
 * {@code POST /delete_devices}, each on the requester's own devices only (another user's device
 * is not found by {@code GET} and {@code PUT}, and not deleted by the deletions, which answer 200
 * after authenticating as Synapse's do). Deleting needs user-interactive authentication
 * ({@link UserInteractiveAuth}) and logs the devices out as {@code /logout} does, calling
 * {@code PasswordAuthProviderCallbacks.onLoggedOut} for each of their access tokens.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class DevicesController {

	/** Synapse's {@code MAX_DEVICE_DISPLAY_NAME_LEN}. */
	static final int MAX_DISPLAY_NAME_LENGTH = 100;

	/** The most devices one {@code /delete_devices} request names. */
	static final int MAX_DEVICES_PER_REQUEST = 1000;

	private final AccountStore store;

	private final Accounts accounts;

	private final UserInteractiveAuth auth;

	DevicesController(UserInteractiveAuth auth, AccountStore store, Accounts accounts) {
		this.store = store;
		this.accounts = accounts;
		this.auth = auth;
	}

	@GetMapping("/devices")
	Map<String, Object> devices(Requester requester) {
		return Map.of("devices", this.store.devices(requester.userId()).stream().map(DevicesController::json).toList());
	}

	@GetMapping("/devices/{deviceId}")
	Map<String, Object> device(@PathVariable String deviceId, Requester requester) {
		return json(this.store.device(requester.userId(), deviceId).orElseThrow(DevicesController::notFound));
	}

	@PutMapping("/devices/{deviceId}")
	Map<String, Object> rename(@PathVariable String deviceId, Requester requester,
			@JsonRequestBody JsonBody body) {
		String displayName = body.string("display_name");
		if (displayName != null && displayName.length() > MAX_DISPLAY_NAME_LENGTH) {
			throw new MatrixError(400, Codes.TOO_LARGE,
					"Device display name is too long (max " + MAX_DISPLAY_NAME_LENGTH + ")");
		}
		if (!this.store.renameDevice(requester.userId(), deviceId, displayName)) {
			throw notFound();
		}
		return Map.of();
	}

	@DeleteMapping("/devices/{deviceId}")
	ResponseEntity<Map<String, Object>> delete(@PathVariable String deviceId, Requester requester,
			@JsonRequestBody(allowEmpty = true) JsonBody body) {
		// As Synapse: authentication first, then a device the user does not have is simply not deleted.
		Map<String, Object> challenge = this.auth.check(requester, body, "DELETE /devices/" + deviceId);
		if (challenge != null) {
			return ResponseEntity.status(401).body(challenge);
		}
		this.accounts.deleteDevices(requester.userId(), List.of(deviceId));
		return ResponseEntity.ok(Map.of());
	}

	@PostMapping("/delete_devices")
	ResponseEntity<Map<String, Object>> deleteDevices(Requester requester, @JsonRequestBody JsonBody body) {
		List<Object> listed = body.list("devices");
		if (listed == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing params: ['devices']");
		}
		if (listed.size() > MAX_DEVICES_PER_REQUEST) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Too many devices: at most " + MAX_DEVICES_PER_REQUEST + " per request");
		}
		List<String> deviceIds = new ArrayList<>();
		for (Object device : listed) {
			if (!(device instanceof String id)) {
				throw new MatrixError(400, Codes.BAD_JSON, "devices must be a list of device IDs");
			}
			deviceIds.add(id);
		}
		Map<String, Object> challenge = this.auth.check(requester, body, "POST /delete_devices");
		if (challenge != null) {
			return ResponseEntity.status(401).body(challenge);
		}
		this.accounts.deleteDevices(requester.userId(), deviceIds);
		return ResponseEntity.ok(Map.of());
	}

	private static MatrixError notFound() {
		return new MatrixError(404, Codes.NOT_FOUND, "No device found");
	}

	private static Map<String, Object> json(DeviceRecord device) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("device_id", device.deviceId());
		answer.put("display_name", device.displayName());
		answer.put("last_seen_ip", device.lastSeenIp());
		answer.put("last_seen_ts", device.lastSeenTs());
		return answer;
	}

}

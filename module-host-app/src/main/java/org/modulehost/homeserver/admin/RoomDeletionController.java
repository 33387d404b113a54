package org.modulehost.homeserver.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.RoomDeletionStore.Deletion;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's room delete API: {@code DELETE /_synapse/admin/v2/rooms/{roomId}} ({@code block},
 * {@code purge}, {@code new_room_user_id}, {@code room_name}, {@code message}) answers a
 * {@code delete_id} at once and runs the deletion in the background ({@link RoomDeletions});
 * {@code GET /_synapse/admin/v2/rooms/{roomId}/delete_status} and
 * {@code GET /_synapse/admin/v2/rooms/delete_status/{deleteId}} answer its status
 * ({@code scheduled}, {@code active}, {@code complete}, {@code failed}) and what it did.
 */
@RestController
final class RoomDeletionController {

	private final AdminAccess access;

	private final RoomDeletions deletions;

	RoomDeletionController(AdminAccess access, RoomDeletions deletions) {
		this.access = access;
		this.deletions = deletions;
	}

	@DeleteMapping("/_synapse/admin/v2/rooms/{roomId}")
	Map<String, Object> delete(@PathVariable String roomId, Requester requester,
			@JsonRequestBody(allowEmpty = true) JsonBody body) {
		this.access.requireAdmin(requester);
		RoomDeletions.Params params = new RoomDeletions.Params(body.string("new_room_user_id"),
				body.string("room_name"), body.string("message"), body.bool("block", false), body.bool("purge", true));
		return Map.of("delete_id", this.deletions.start(roomId, params, requester.userId()));
	}

	@GetMapping("/_synapse/admin/v2/rooms/{roomId}/delete_status")
	Map<String, Object> statusOfRoom(@PathVariable String roomId, Requester requester) {
		this.access.requireAdmin(requester);
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, roomId + " is not a legal room ID");
		}
		List<Deletion> deletions = this.deletions.ofRoom(roomId);
		if (deletions.isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "No delete task for room_id '" + roomId + "' found");
		}
		return Map.of("results", deletions.stream().map(RoomDeletionController::json).toList());
	}

	@GetMapping("/_synapse/admin/v2/rooms/delete_status/{deleteId}")
	Map<String, Object> status(@PathVariable String deleteId, Requester requester) {
		this.access.requireAdmin(requester);
		return json(this.deletions.deletion(deleteId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "delete id '" + deleteId + "' not found")));
	}

	private static Map<String, Object> json(Deletion deletion) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("delete_id", deletion.deleteId());
		json.put("room_id", deletion.roomId());
		json.put("status", deletion.status());
		json.put("shutdown_room", deletion.result());
		if (deletion.error() != null) {
			json.put("error", deletion.error());
		}
		return json;
	}

}

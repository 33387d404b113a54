package org.modulehost.homeserver.receipts;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rooms/{roomId}/receipt/{receiptType}/{eventId}} and
 * {@code POST /rooms/{roomId}/read_markers}, as Synapse's: receipt types {@code m.read},
 * {@code m.read.private} and {@code m.fully_read} (any other is 400 {@code M_UNKNOWN}), an
 * optional non-empty string {@code thread_id} (400 {@code M_INVALID_PARAM} otherwise, and with
 * {@code m.fully_read}).
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}")
final class ReceiptsController {

	private static final List<String> TYPES = List.of(Receipts.READ, Receipts.READ_PRIVATE, Receipts.FULLY_READ);

	private final Receipts receipts;

	ReceiptsController(Receipts receipts) {
		this.receipts = receipts;
	}

	@PostMapping("/rooms/{roomId}/receipt/{receiptType}/{eventId}")
	Map<String, Object> receipt(@PathVariable String roomId, @PathVariable String receiptType,
			@PathVariable String eventId, Requester requester, @JsonRequestBody(allowEmpty = true) JsonBody body) {
		if (!TYPES.contains(receiptType)) {
			throw new MatrixError(400, Codes.UNKNOWN, "Receipt type must be " + String.join(", ", TYPES));
		}
		String threadId = null;
		if (body.has("thread_id")) {
			if (!(body.asMap().get("thread_id") instanceof String thread) || thread.isEmpty()) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "thread_id field must be a non-empty string");
			}
			threadId = thread;
		}
		if (Receipts.FULLY_READ.equals(receiptType)) {
			if (threadId != null) {
				throw new MatrixError(400, Codes.INVALID_PARAM,
						"thread_id is not compatible with " + Receipts.FULLY_READ + " receipts.");
			}
			this.receipts.fullyRead(requester.userId(), roomId, eventId);
		}
		else {
			this.receipts.receipt(requester.userId(), roomId, receiptType, eventId, threadId);
		}
		return Map.of();
	}

	@PostMapping("/rooms/{roomId}/read_markers")
	Map<String, Object> readMarkers(@PathVariable String roomId, Requester requester,
			@JsonRequestBody JsonBody body) {
		for (String type : TYPES) {
			@Nullable Object eventId = body.asMap().get(type);
			if (eventId == null) {
				continue;
			}
			if (!(eventId instanceof String id)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, type + " must be an event ID");
			}
			if (Receipts.FULLY_READ.equals(type)) {
				this.receipts.fullyRead(requester.userId(), roomId, id);
			}
			else {
				this.receipts.receipt(requester.userId(), roomId, type, id, null);
			}
		}
		return Map.of();
	}

}

package org.modulehost.homeserver.admin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.RoomAdminStore;
import org.modulehost.homeserver.storage.RoomStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's room admin API for reading: {@code GET /_synapse/admin/v1/rooms} (paged with
 * {@code from} and {@code limit}, {@code search_term} in the name, canonical alias or room ID,
 * {@code order_by} and {@code dir}) and {@code GET /_synapse/admin/v1/rooms/{roomId}}. The list
 * is built from every room's current state, so it suits the small servers this homeserver is
 * for.
 */
@RestController
final class RoomAdminController {

	private static final Set<String> ORDERS = Set.of("alphabetical", "size", "name", "canonical_alias",
			"joined_members", "joined_local_members", "version", "creator", "encryption", "federatable", "public",
			"join_rules", "guest_access", "history_visibility", "state_events");

	private final AdminAccess access;

	private final RoomAdminStore store;

	private final RoomStore rooms;

	private final RoomSummaries summaries;

	RoomAdminController(AdminAccess access, RoomAdminStore store, RoomStore rooms, RoomSummaries summaries) {
		this.access = access;
		this.store = store;
		this.rooms = rooms;
		this.summaries = summaries;
	}

	@GetMapping("/_synapse/admin/v1/rooms")
	Map<String, Object> rooms(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(name = "order_by", required = false) @Nullable String orderBy,
			@RequestParam(required = false) @Nullable String dir,
			@RequestParam(name = "search_term", required = false) @Nullable String searchTerm, Requester requester) {
		this.access.requireAdmin(requester);
		long start = AdminParams.nonNegative(from, "from", 0);
		long size = AdminParams.nonNegative(limit, "limit", 100);
		String order = (orderBy != null) ? orderBy : "name";
		if (!ORDERS.contains(order)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unknown value for order_by: " + order);
		}
		String direction = (dir != null) ? dir : "f";
		if (!direction.equals("f") && !direction.equals("b")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unknown direction: " + direction);
		}
		if (searchTerm != null && searchTerm.isEmpty()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "search_term cannot be an empty string");
		}
		List<Map<String, Object>> all = this.store.rooms().stream().map(this.summaries::summary)
			.filter((room) -> matches(room, searchTerm))
			.sorted(order(order, direction.equals("b")))
			.toList();
		List<Map<String, Object>> page = all.stream().skip(start).limit(size).toList();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("rooms", page);
		answer.put("offset", start);
		answer.put("total_rooms", all.size());
		if (start + page.size() < all.size()) {
			answer.put("next_batch", start + page.size());
		}
		if (start > 0) {
			answer.put("prev_batch", Math.max(0, start - size));
		}
		return answer;
	}

	@GetMapping("/_synapse/admin/v1/rooms/{roomId}")
	Map<String, Object> room(@PathVariable String roomId, Requester requester) {
		this.access.requireAdmin(requester);
		return this.summaries.details(this.rooms.room(roomId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Room not found")));
	}

	private static boolean matches(Map<String, Object> room, @Nullable String term) {
		if (term == null) {
			return true;
		}
		String lower = term.toLowerCase(Locale.ROOT);
		return contains(room.get("name"), lower) || contains(room.get("canonical_alias"), lower)
				|| term.equals(room.get("room_id"));
	}

	private static boolean contains(@Nullable Object value, String lower) {
		return value instanceof String text && text.toLowerCase(Locale.ROOT).contains(lower);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Comparator<Map<String, Object>> order(String order, boolean backwards) {
		String field = switch (order) {
			case "alphabetical" -> "name";
			case "size" -> "joined_members";
			default -> order;
		};
		Comparator<Object> values = Comparator.nullsLast((a, b) -> ((Comparable) a).compareTo(b));
		Comparator<Map<String, Object>> comparator = Comparator.comparing((room) -> room.get(field), values);
		if (backwards) {
			comparator = comparator.reversed();
		}
		return comparator.thenComparing((room) -> (String) room.get("room_id"));
	}

}

package org.modulehost.homeserver.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.SearchProperties;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.rooms.ClientEvents;
import org.modulehost.homeserver.rooms.EventFilter;
import org.modulehost.homeserver.rooms.HistoryVisibility;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.rooms.StreamTokens;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.SearchIndex;
import org.modulehost.homeserver.storage.SearchReader;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /search}, as Synapse's search handler: the {@code room_events} category over the
 * rooms the user is joined to, {@code search_term} split into words each matched as a word
 * prefix (all required), in {@code keys}, narrowed by {@code filter}, best ({@code rank}) or
 * newest ({@code recent}) first; every result passes history visibility (what the user could
 * see at the event) and the filter before it is returned. {@code next_batch} pages on (in both
 * orders; Synapse pages only {@code recent}); {@code count} is the number of matches before
 * visibility and the filter; {@code highlights} are the words of the results that matched;
 * {@code event_context} adds the events around each result and, with {@code include_profile},
 * the senders' profiles. Groupings and {@code include_state} are not supported.
 */
@RestController
final class SearchController {

	private static final List<String> ALL_KEYS = List.of("content.body", "content.name", "content.topic");

	private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

	private final SearchReader index;

	private final EventReader reader;

	private final HistoryVisibility visibility;

	private final ClientEvents clientEvents;

	private final RoomStateCache states;

	private final Database db;

	private final Limits limits;

	SearchController(SearchReader index, EventReader reader, HistoryVisibility visibility, ClientEvents clientEvents,
			RoomStateCache states, Database db, Limits limits) {
		this.index = index;
		this.reader = reader;
		this.visibility = visibility;
		this.clientEvents = clientEvents;
		this.states = states;
		this.db = db;
		this.limits = limits;
	}

	@PostMapping({ "/_matrix/client/v3/search", "/_matrix/client/r0/search" })
	Map<String, Object> search(Requester requester, @JsonRequestBody JsonBody body,
			@RequestParam(name = "next_batch", required = false) @Nullable String nextBatch) {
		this.limits.ratelimiter().check(requester.userId());
		SearchProperties settings = this.limits.settings();
		JsonBody categories = JsonBody.of(body.requireObject("search_categories"));
		Map<String, Object> roomEvents = categories.object("room_events");
		if (roomEvents == null) {
			return Map.of("search_categories", Map.of());
		}
		JsonBody request = JsonBody.of(roomEvents);
		String term = request.requireString("search_term");
		if (term.length() > settings.getMaxTermLength()) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"search_term is longer than " + settings.getMaxTermLength() + " characters");
		}
		List<String> terms = List.copyOf(new LinkedHashSet<>(SearchIndex.terms(term)));
		if (terms.isEmpty()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "search_term has no word to search for");
		}
		if (terms.size() > settings.getMaxWords()) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"search_term has more than " + settings.getMaxWords() + " words");
		}
		List<String> keys = keys(request);
		boolean recent = order(request);
		EventFilter filter = EventFilter.of(request.asMap().get("filter"), "filter");
		int limit = Math.min(settings.getMaxLimit(),
				(filter != null && filter.limit() != null) ? filter.limit() : settings.getDefaultLimit());
		Context context = context(request.object("event_context"), settings.getMaxContextLimit());
		Map<String, Object> filterJson = (request.asMap().get("filter") instanceof Map<?, ?> map)
				? castMap(map) : Map.of();
		SearchReader.Query query = new SearchReader.Query(requester.userId(), terms, keys,
				exactRooms(filterJson.get("rooms")), exactRooms(filterJson.get("not_rooms")), recent);
		Cursor cursor = Cursor.parse(nextBatch, recent);

		List<Result> results = new ArrayList<>();
		int offset = cursor.offset();
		Long before = cursor.before();
		boolean more = false;
		Long count = null;
		// The first fetch takes one hit more than a page, enough to tell whether there is a next
		// page when history visibility and the filter hide nothing; each event joined and decoded
		// costs. Later fetches (after hidden events) take more at a time.
		int fetch = limit + 1;
		while (results.size() < limit) {
			List<SearchReader.Hit> hits = this.index
				.search(query, new SearchReader.Page(recent ? 0 : offset, recent ? before : null, fetch));
			if (count == null && nextBatch == null) {
				// The first fetch from the start: its window count is the count.
				count = hits.isEmpty() ? 0L : hits.get(0).total();
			}
			List<StoredEvent> visible = visible(requester.userId(), hits, filter);
			Map<String, StoredEvent> byId = new LinkedHashMap<>();
			visible.forEach((event) -> byId.put(event.event().eventId(), event));
			int consumed = 0;
			for (SearchReader.Hit hit : hits) {
				if (results.size() == limit) {
					more = true;
					break;
				}
				consumed++;
				before = hit.streamOrdering();
				StoredEvent event = byId.get(hit.eventId());
				if (event != null) {
					results.add(new Result(hit, event));
				}
			}
			offset += consumed;
			if (hits.size() < fetch) {
				break;
			}
			if (results.size() == limit) {
				more = true;
			}
			fetch = Math.max(limit * 2, 20);
		}

		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("count", (count != null) ? count : this.index.count(query));
		answer.put("highlights", highlights(results, terms));
		List<Map<String, Object>> serialized = new ArrayList<>();
		for (Result result : results) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("rank", result.hit().rank());
			row.put("result", this.clientEvents.serialize(result.event(), requester));
			if (context != null) {
				row.put("context", context(requester, result.event(), context));
			}
			serialized.add(row);
		}
		answer.put("results", serialized);
		if (more) {
			answer.put("next_batch", Cursor.token(recent, offset, before));
		}
		return Map.of("search_categories", Map.of("room_events", answer));
	}

	private List<StoredEvent> visible(String userId, List<SearchReader.Hit> hits, @Nullable EventFilter filter) {
		Map<String, List<StoredEvent>> byRoom = new LinkedHashMap<>();
		for (SearchReader.Hit hit : hits) {
			byRoom.computeIfAbsent(hit.roomId(), (room) -> new ArrayList<>()).add(hit.event());
		}
		List<StoredEvent> visible = new ArrayList<>();
		byRoom.forEach((roomId, events) -> visible.addAll(this.visibility.filter(userId, roomId, events, false, Set.of())));
		return (filter != null) ? filter.filter(visible) : visible;
	}

	private Map<String, Object> context(Requester requester, StoredEvent event, Context context) {
		String roomId = event.event().roomId();
		List<StoredEvent> before = (context.before() > 0)
				? this.reader.roomEvents(roomId, 0, event.streamOrdering() - 1, context.before(), true) : List.of();
		List<StoredEvent> after = (context.after() > 0) ? this.reader.roomEvents(roomId, event.streamOrdering(),
				this.db.currentPosition(), context.after(), false) : List.of();
		long start = before.isEmpty() ? event.streamOrdering() - 1 : before.get(before.size() - 1).streamOrdering() - 1;
		long end = after.isEmpty() ? event.streamOrdering() : after.get(after.size() - 1).streamOrdering();
		List<StoredEvent> visibleBefore = this.visibility.filter(requester.userId(), roomId, before, false, Set.of());
		List<StoredEvent> visibleAfter = this.visibility.filter(requester.userId(), roomId, after, false, Set.of());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("start", StreamTokens.token(Math.max(0, start)));
		answer.put("end", StreamTokens.token(end));
		answer.put("events_before", this.clientEvents.serialize(visibleBefore, requester));
		answer.put("events_after", this.clientEvents.serialize(visibleAfter, requester));
		if (context.includeProfile()) {
			Map<StateKey, StoredEvent> state = this.states.currentStateEvents(roomId);
			Map<String, Object> profiles = new LinkedHashMap<>();
			List<StoredEvent> all = new ArrayList<>(visibleBefore);
			all.add(event);
			all.addAll(visibleAfter);
			for (StoredEvent shown : all) {
				String sender = shown.event().sender();
				StoredEvent member = state.get(new StateKey("m.room.member", sender));
				if (member != null && !profiles.containsKey(sender)) {
					Event memberEvent = member.event();
					Map<String, Object> profile = new LinkedHashMap<>();
					profile.put("displayname", memberEvent.content().get("displayname"));
					profile.put("avatar_url", memberEvent.content().get("avatar_url"));
					profiles.put(sender, profile);
				}
			}
			answer.put("profile_info", profiles);
		}
		return answer;
	}

	private static List<String> highlights(List<Result> results, List<String> terms) {
		Set<String> words = new TreeSet<>();
		for (Result result : results) {
			String text = SearchIndex.text(result.event().event());
			if (text == null) {
				continue;
			}
			for (String word : SEPARATORS.split(text)) {
				String lower = word.toLowerCase(java.util.Locale.ROOT);
				if (!word.isEmpty() && terms.stream().anyMatch(lower::startsWith)) {
					words.add(word);
				}
			}
		}
		return List.copyOf(words);
	}

	private static List<String> keys(JsonBody request) {
		List<Object> given = request.list("keys");
		if (given == null) {
			return ALL_KEYS;
		}
		List<String> keys = new ArrayList<>();
		for (Object key : given) {
			if (!(key instanceof String string) || !ALL_KEYS.contains(string)) {
				throw new MatrixError(400, Codes.INVALID_PARAM,
						"keys may hold only content.body, content.name and content.topic");
			}
			if (!keys.contains(string)) {
				keys.add(string);
			}
		}
		if (keys.isEmpty()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "keys must name at least one key");
		}
		return keys;
	}

	private static boolean order(JsonBody request) {
		String order = request.string("order_by");
		if (order == null || order.equals("rank")) {
			return false;
		}
		if (order.equals("recent")) {
			return true;
		}
		throw new MatrixError(400, Codes.INVALID_PARAM, "order_by must be rank or recent");
	}

	private static @Nullable Context context(@Nullable Map<String, Object> json, int max) {
		if (json == null) {
			return null;
		}
		JsonBody context = JsonBody.of(json);
		Long before = context.integer("before_limit");
		Long after = context.integer("after_limit");
		if ((before != null && before < 0) || (after != null && after < 0)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "event_context limits must not be negative");
		}
		return new Context((int) Math.min(max, (before != null) ? before : 5),
				(int) Math.min(max, (after != null) ? after : 5), context.bool("include_profile", false));
	}

	private static @Nullable List<String> exactRooms(@Nullable Object rooms) {
		if (!(rooms instanceof List<?> list)) {
			return null;
		}
		List<String> exact = new ArrayList<>();
		for (Object room : list) {
			if (!(room instanceof String string) || string.contains("*")) {
				return null;
			}
			exact.add(string);
		}
		return exact;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	private record Result(SearchReader.Hit hit, StoredEvent event) {

	}

	private record Context(int before, int after, boolean includeProfile) {

	}

	/**
	 * Where the next page starts: an offset into the results in {@code rank} order, a stream
	 * position in {@code recent} order; opaque to clients.
	 */
	private record Cursor(int offset, @Nullable Long before) {

		static Cursor parse(@Nullable String token, boolean recent) {
			if (token == null) {
				return new Cursor(0, null);
			}
			try {
				String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
				if (recent && decoded.startsWith("recent:")) {
					return new Cursor(0, Long.parseLong(decoded.substring("recent:".length())));
				}
				if (!recent && decoded.startsWith("rank:")) {
					int offset = Integer.parseInt(decoded.substring("rank:".length()));
					if (offset >= 0) {
						return new Cursor(offset, null);
					}
				}
			}
			catch (IllegalArgumentException ex) {
				// Reported below.
			}
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid next_batch token for this order_by");
		}

		static String token(boolean recent, int offset, @Nullable Long before) {
			String value = recent ? "recent:" + before : "rank:" + offset;
			return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * The search's limits: sizes and the rate limiter.
	 *
	 * @param settings the settings
	 * @param ratelimiter the per-user rate limiter
	 */
	record Limits(SearchProperties settings, Ratelimiter ratelimiter) {

	}

}

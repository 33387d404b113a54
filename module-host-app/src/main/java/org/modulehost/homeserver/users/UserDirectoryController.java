package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.UserProfile;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /user_directory/search}: local users whose ID or display name contains the term,
 * limited (unless {@code homeserver.user-directory.search-all-users}) to users who share a room
 * with the searcher or are in a public room; {@code checkUsernameForSpam} hides rows.
 */
@RestController
final class UserDirectoryController {

	private final AccountStore accounts;

	private final Database db;

	private final Callbacks callbacks;

	private final boolean searchAllUsers;

	UserDirectoryController(AccountStore accounts, Database db, Callbacks callbacks, boolean searchAllUsers) {
		this.accounts = accounts;
		this.db = db;
		this.callbacks = callbacks;
		this.searchAllUsers = searchAllUsers;
	}

	@PostMapping({ "/_matrix/client/v3/user_directory/search", "/_matrix/client/r0/user_directory/search" })
	Map<String, Object> search(Requester requester, @JsonRequestBody JsonBody search) {
		String term = search.requireString("search_term");
		Long requested = search.integer("limit");
		int limit = (int) Math.max(1, Math.min((requested != null) ? requested : 10, 50));
		Set<String> visible = this.searchAllUsers ? null : visibleUsers(requester.userId());
		List<Map<String, Object>> results = new ArrayList<>();
		boolean limited = false;
		for (UserRecord user : this.accounts.search(term.trim(), 500)) {
			if (visible != null && !visible.contains(user.userId())) {
				continue;
			}
			UserProfile profile = new UserProfile(user.userId(), user.displayName(), user.avatarUrl());
			Boolean hidden = Await.callback(
					this.callbacks.spamChecker().checkUsernameForSpam(profile, requester.userId()),
					"checkUsernameForSpam");
			if (Boolean.TRUE.equals(hidden)) {
				continue;
			}
			if (results.size() == limit) {
				limited = true;
				break;
			}
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("user_id", user.userId());
			row.put("display_name", user.displayName());
			row.put("avatar_url", user.avatarUrl());
			results.add(row);
		}
		return Map.of("limited", limited, "results", results);
	}

	private Set<String> visibleUsers(String userId) {
		Set<String> users = new HashSet<>(this.db.jdbc()
			.sql("SELECT DISTINCT other.state_key FROM hs_current_state mine JOIN hs_current_state other "
					+ "ON other.room_id = mine.room_id WHERE mine.event_type = 'm.room.member' AND mine.state_key = ? "
					+ "AND mine.membership = 'join' AND other.event_type = 'm.room.member' AND other.membership = 'join'")
			.param(userId)
			.query(String.class)
			.list());
		users.addAll(this.db.jdbc()
			.sql("SELECT DISTINCT m.state_key FROM hs_current_state m JOIN hs_current_state r ON r.room_id = m.room_id "
					+ "JOIN hs_events e ON e.event_id = r.event_id WHERE m.event_type = 'm.room.member' "
					+ "AND m.membership = 'join' AND r.event_type = 'm.room.join_rules' AND r.state_key = '' "
					+ "AND e.content LIKE '%\"join_rule\":\"public\"%'")
			.query(String.class)
			.list());
		users.add(userId);
		return users;
	}

}

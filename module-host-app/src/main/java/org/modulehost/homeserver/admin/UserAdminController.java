package org.modulehost.homeserver.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.UserIpAndAgent;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.storage.UserAdminStore;
import org.modulehost.homeserver.storage.UserIpStore;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.modulehost.homeserver.users.Deactivations;
import org.modulehost.homeserver.users.Profiles;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Synapse's user admin API: {@code server_version}, {@code v1/deactivate}, {@code v2/users}
 * (list, show, create or modify), {@code v1/users/{userId}/joined_rooms},
 * {@code v1/reset_password} and {@code v1/whois}, for server
 * administrators only (403 {@code M_FORBIDDEN} otherwise; {@code whois} also for the user
 * themselves), with Synapse's JSON.
 */
@RestController
final class UserAdminController {

	/** The version {@code server_version} answers. */
	static final String SERVER_VERSION = "module-host "
			+ java.util.Objects.requireNonNullElse(UserAdminController.class.getPackage().getImplementationVersion(),
					"0.1.0-SNAPSHOT");

	private final AdminAccess access;

	private final Accounts accounts;

	private final AccountStore store;

	private final UserAdminStore admin;

	private final UserIpStore ips;

	private final Deactivations deactivations;

	private final Profiles profiles;

	private final EventReader reader;

	private final org.modulehost.homeserver.users.Threepids threepids;

	UserAdminController(AdminAccess access, Accounts accounts, AccountStore store, UserAdminStore admin,
			UserIpStore ips, Deactivations deactivations, Profiles profiles, EventReader reader,
			org.modulehost.homeserver.users.Threepids threepids) {
		this.threepids = threepids;
		this.reader = reader;
		this.access = access;
		this.accounts = accounts;
		this.store = store;
		this.admin = admin;
		this.ips = ips;
		this.deactivations = deactivations;
		this.profiles = profiles;
	}

	@GetMapping("/_synapse/admin/v1/server_version")
	Map<String, Object> serverVersion(Requester requester) {
		this.access.requireAdmin(requester);
		return Map.of("server_version", SERVER_VERSION);
	}

	@PostMapping("/_synapse/admin/v1/deactivate/{userId}")
	Map<String, Object> deactivate(@PathVariable String userId, Requester requester,
			@JsonRequestBody(allowEmpty = true) JsonBody body) {
		this.access.requireAdmin(requester);
		boolean erase = body.bool("erase", false);
		boolean unbound = this.deactivations.deactivate(userId, erase, true, null);
		return Map.of("id_server_unbind_result", unbound ? "success" : "no-support");
	}

	@GetMapping("/_synapse/admin/v2/users")
	Map<String, Object> users(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(name = "user_id", required = false) @Nullable String userIdFilter,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String deactivated, Requester requester) {
		this.access.requireAdmin(requester);
		long start = AdminParams.nonNegative(from, "from", 0);
		int size = (int) Math.min(AdminParams.nonNegative(limit, "limit", 100), 1000);
		String filter = (name != null) ? name : userIdFilter;
		UserAdminStore.UserQuery query = new UserAdminStore.UserQuery(filter,
				AdminParams.bool(deactivated, "deactivated", false), start, size);
		List<UserRecord> users = this.admin.users(query);
		long total = this.admin.count(query);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("users", users.stream().map(this::listed).toList());
		answer.put("total", total);
		if (start + users.size() < total) {
			answer.put("next_token", String.valueOf(start + users.size()));
		}
		return answer;
	}

	@GetMapping("/_synapse/admin/v2/users/{userId}")
	Map<String, Object> user(@PathVariable String userId, Requester requester) {
		this.access.requireAdmin(requester);
		local(userId);
		return details(this.store.user(userId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "User not found")));
	}

	@PutMapping("/_synapse/admin/v2/users/{userId}")
	ResponseEntity<Map<String, Object>> putUser(@PathVariable String userId, Requester requester,
			@JsonRequestBody JsonBody body) {
		this.access.requireAdmin(requester);
		local(userId);
		String password = body.string("password");
		String displayName = body.string("displayname");
		boolean logoutDevices = body.bool("logout_devices", true);
		Boolean admin = body.has("admin") ? body.bool("admin", false) : null;
		Boolean deactivated = body.has("deactivated") ? body.bool("deactivated", false) : null;
		if (password != null) {
			Accounts.requireHashablePassword(password);
		}
		if (displayName != null && displayName.length() > 256) {
			throw new MatrixError(400, Codes.BAD_JSON, "Display name is too long (max 256)");
		}
		java.util.Set<String> emails = emails(body, userId);
		UserRecord user = this.store.user(userId).orElse(null);
		if (user == null) {
			String localpart = userId.substring(1, userId.lastIndexOf(':'));
			this.accounts.register(localpart, password, displayName, Boolean.TRUE.equals(admin), false);
			if (emails != null) {
				setEmails(userId, emails);
			}
			return ResponseEntity.status(201).body(details(this.store.user(userId).orElseThrow()));
		}
		if (emails != null) {
			setEmails(userId, emails);
		}
		if (Boolean.FALSE.equals(admin) && userId.equals(requester.userId())) {
			throw new MatrixError(400, Codes.UNKNOWN, "You may not demote yourself.");
		}
		if (Boolean.FALSE.equals(deactivated) && user.deactivated() && password == null) {
			throw new MatrixError(400, Codes.UNKNOWN, "Must provide a password to re-activate an account.");
		}
		if (password != null) {
			this.accounts.setPassword(userId, password, logoutDevices);
		}
		if (displayName != null && !displayName.equals(user.displayName())) {
			ProfileInfo current = this.profiles.profile(userId);
			this.profiles.update(userId, displayName, current.avatarUrl(), true);
		}
		if (admin != null && admin != user.admin()) {
			this.store.setAdmin(userId, admin);
		}
		if (Boolean.TRUE.equals(deactivated) && !user.deactivated()) {
			this.deactivations.deactivate(userId, false, true);
		}
		else if (Boolean.FALSE.equals(deactivated) && user.deactivated()) {
			this.deactivations.reactivate(userId);
		}
		return ResponseEntity.ok(details(this.store.user(userId).orElseThrow()));
	}

	/**
	 * The e-mail addresses of a {@code threepids} list (Synapse's: objects with {@code medium} and
	 * {@code address}), canonical; {@code null} when the body has none. Only {@code email} is
	 * supported; an address of another user is refused before anything changes.
	 */
	private java.util.@Nullable Set<String> emails(JsonBody body, String userId) {
		if (!body.has("threepids")) {
			return null;
		}
		List<Object> threepids = body.list("threepids");
		if (threepids == null) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'threepids' parameter is not a list");
		}
		java.util.Set<String> emails = new java.util.LinkedHashSet<>();
		for (Object entry : threepids) {
			if (!(entry instanceof Map<?, ?> map) || !(map.get("medium") instanceof String medium)
					|| !(map.get("address") instanceof String address)) {
				throw new MatrixError(400, Codes.MISSING_PARAM, "Each threepid needs a medium and an address");
			}
			if (!org.modulehost.homeserver.users.Threepids.EMAIL.equals(medium)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "Only the email medium is supported");
			}
			String canonical = org.modulehost.homeserver.users.Threepids.canonicalEmail(address);
			String owner = this.threepids.userFor(canonical).orElse(null);
			if (owner != null && !owner.equals(userId)) {
				throw new MatrixError(400, "M_THREEPID_IN_USE", "Email is already in use: " + canonical);
			}
			emails.add(canonical);
		}
		return emails;
	}

	/** Makes a user's e-mail addresses these: removes the others, adds the new ones (callbacks for each). */
	private void setEmails(String userId, java.util.Set<String> emails) {
		java.util.Set<String> current = new java.util.HashSet<>();
		for (var threepid : this.threepids.threepids(userId)) {
			if (!emails.contains(threepid.address())) {
				this.threepids.remove(userId, threepid.medium(), threepid.address());
			}
			current.add(threepid.address());
		}
		long now = System.currentTimeMillis();
		for (String email : emails) {
			if (!current.contains(email)) {
				this.threepids.add(userId, email, now);
			}
		}
	}

	@PostMapping("/_synapse/admin/v1/reset_password/{userId}")
	Map<String, Object> resetPassword(@PathVariable String userId, Requester requester,
			@JsonRequestBody JsonBody body) {
		this.access.requireAdmin(requester);
		local(userId);
		String password = body.requireString("new_password");
		boolean logoutDevices = body.bool("logout_devices", true);
		if (this.store.user(userId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "User not found");
		}
		this.accounts.setPassword(userId, password, logoutDevices);
		return Map.of();
	}

	@GetMapping("/_synapse/admin/v1/whois/{userId}")
	Map<String, Object> whois(@PathVariable String userId, Requester requester) {
		if (!userId.equals(requester.userId())) {
			this.access.requireAdmin(requester);
		}
		local(userId);
		List<Map<String, Object>> connections = this.ips.ipsAndAgents(userId, 0)
			.stream()
			.map(UserAdminController::connection)
			.toList();
		return Map.of("user_id", userId, "devices", Map.of("", Map.of("sessions", List.of(Map.of("connections",
				connections)))));
	}

	@GetMapping("/_synapse/admin/v1/users/{userId}/joined_rooms")
	Map<String, Object> joinedRooms(@PathVariable String userId, Requester requester) {
		this.access.requireAdmin(requester);
		List<String> rooms = this.reader.membershipsOf(userId)
			.stream()
			.filter((membership) -> "join".equals(membership.membership()))
			.map(MembershipRecord::roomId)
			.sorted()
			.toList();
		return Map.of("joined_rooms", rooms, "total", rooms.size());
	}

	private static Map<String, Object> connection(UserIpAndAgent entry) {
		return Map.of("ip", entry.ip(), "last_seen", entry.lastSeenTs(), "user_agent", entry.userAgent());
	}

	private void local(String userId) {
		if (!Identifiers.isValidUserId(userId) || !this.accounts.isMine(userId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Can only look up local users");
		}
	}

	/** An entry of the user list, as Synapse's {@code get_users_paginate}. */
	private Map<String, Object> listed(UserRecord user) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", user.userId());
		json.put("user_type", null);
		json.put("is_guest", false);
		json.put("admin", user.admin());
		json.put("deactivated", user.deactivated());
		json.put("shadow_banned", user.shadowBanned());
		json.put("displayname", user.displayName());
		json.put("avatar_url", user.avatarUrl());
		json.put("creation_ts", user.creationTs());
		json.put("approved", true);
		json.put("erased", this.admin.isErased(user.userId()));
		json.put("last_seen_ts", this.ips.lastSeen(user.userId()));
		json.put("locked", false);
		return json;
	}

	/** A user's details, as Synapse's {@code AdminHandler.get_user}. */
	private Map<String, Object> details(UserRecord user) {
		Map<String, Object> json = listed(user);
		json.put("appservice_id", null);
		json.put("consent_server_notice_sent", null);
		json.put("consent_version", null);
		json.put("consent_ts", null);
		json.put("suspended", false);
		json.put("threepids", this.threepids.threepids(user.userId()).stream().map((threepid) -> {
			Map<String, Object> entry = new java.util.LinkedHashMap<>();
			entry.put("medium", threepid.medium());
			entry.put("address", threepid.address());
			entry.put("added_at", threepid.addedAt());
			entry.put("validated_at", threepid.validatedAt());
			return entry;
		}).toList());
		json.put("external_ids", List.of());
		return json;
	}

}

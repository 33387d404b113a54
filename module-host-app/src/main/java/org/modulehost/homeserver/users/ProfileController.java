package org.modulehost.homeserver.users;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.media.MediaRepository;
import org.modulehost.homeserver.storage.JsonCodec;
import org.modulehost.homeserver.web.JsonBody;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /profile/{userId}[/displayname|/avatar_url]}.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/profile/{userId}")
final class ProfileController {

	private final Accounts accounts;

	private final Profiles profiles;

	private final JsonCodec json;

	private final ObjectProvider<MediaRepository> media;

	ProfileController(Accounts accounts, Profiles profiles, JsonCodec json, ObjectProvider<MediaRepository> media) {
		this.accounts = accounts;
		this.profiles = profiles;
		this.json = json;
		this.media = media;
	}

	@GetMapping
	Map<String, Object> profile(@PathVariable String userId) {
		ProfileInfo profile = this.profiles.profile(userId);
		Map<String, Object> answer = new LinkedHashMap<>();
		if (profile.displayName() != null) {
			answer.put("displayname", profile.displayName());
		}
		if (profile.avatarUrl() != null) {
			answer.put("avatar_url", profile.avatarUrl());
		}
		return answer;
	}

	@GetMapping("/{field:displayname|avatar_url}")
	Map<String, Object> field(@PathVariable String userId, @PathVariable String field) {
		ProfileInfo profile = this.profiles.profile(userId);
		String value = field.equals("displayname") ? profile.displayName() : profile.avatarUrl();
		if (value == null) {
			throw new MatrixError(404, Codes.NOT_FOUND, "The user has no " + field);
		}
		return Map.of(field, value);
	}

	@PutMapping("/{field:displayname|avatar_url}")
	Map<String, Object> setField(@PathVariable String userId, @PathVariable String field,
			@RequestBody(required = false) byte @Nullable [] body, Requester requester) {
		boolean byAdmin = !requester.userId().equals(userId);
		if (byAdmin && !this.accounts.isAdmin(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Cannot set another user's " + field);
		}
		// Parsed here: the user is checked before the body.
		String value = JsonBody.parse(body, this.json, false).string(field);
		ProfileInfo current = this.profiles.profile(userId);
		if (field.equals("displayname")) {
			this.profiles.update(userId, value, current.avatarUrl(), byAdmin);
		}
		else {
			MediaRepository media = this.media.getIfAvailable();
			if (value != null && !value.isEmpty() && media != null && !media.isLocalMedia(value)) {
				throw new MatrixError(400, Codes.INVALID_PARAM,
						"avatar_url must be the mxc:// URI of media uploaded to this server");
			}
			this.profiles.update(userId, current.displayName(), value, byAdmin);
		}
		return Map.of();
	}

}

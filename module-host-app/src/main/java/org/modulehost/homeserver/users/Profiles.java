package org.modulehost.homeserver.users;

import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.UserRecord;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Users' global profiles. A change is stored, copied into the user's membership in every room
 * they joined, then reported to {@code ThirdPartyRulesCallbacks.onProfileUpdate}.
 */
public final class Profiles {

	private static final Log logger = LogFactory.getLog(Profiles.class);

	private final AccountStore store;

	private final Callbacks callbacks;

	private final BiConsumer<String, ProfileInfo> roomUpdater;

	/**
	 * Creates the service.
	 * @param store the accounts' storage
	 * @param callbacks the callback dispatchers
	 * @param roomUpdater sends a user's new profile into the rooms they joined
	 */
	public Profiles(AccountStore store, Callbacks callbacks, BiConsumer<String, ProfileInfo> roomUpdater) {
		this.store = store;
		this.callbacks = callbacks;
		this.roomUpdater = roomUpdater;
	}

	/**
	 * Reads a user's profile.
	 * @param userId the user
	 * @return the profile
	 * @throws MatrixError 404 for an unknown user
	 */
	public ProfileInfo profile(String userId) {
		UserRecord user = this.store.user(userId)
			.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Profile was not found"));
		return new ProfileInfo(user.displayName(), user.avatarUrl());
	}

	/**
	 * Changes a user's display name and avatar.
	 * @param userId the user
	 * @param displayName the new display name, or {@code null} to remove it
	 * @param avatarUrl the new avatar URL, or {@code null} to remove it
	 * @param byAdmin whether an administrator or a module makes the change
	 */
	public void update(String userId, @Nullable String displayName, @Nullable String avatarUrl, boolean byAdmin) {
		if (displayName != null && displayName.length() > 256) {
			throw new MatrixError(400, Codes.BAD_JSON, "Display name is too long (max 256)");
		}
		if (avatarUrl != null && avatarUrl.length() > 1000) {
			throw new MatrixError(400, Codes.BAD_JSON, "Avatar URL is too long (max 1000)");
		}
		profile(userId);
		this.store.setProfile(userId, displayName, avatarUrl);
		ProfileInfo profile = new ProfileInfo(displayName, avatarUrl);
		this.roomUpdater.accept(userId, profile);
		try {
			Await.join(this.callbacks.thirdPartyRules().onProfileUpdate(userId, profile, byAdmin, false));
		}
		catch (RuntimeException ex) {
			logger.warn("onProfileUpdate failed for " + userId + "; the change stands", ex);
		}
	}

}

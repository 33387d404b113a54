package org.modulehost.homeserver.users;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.ProfileInfo;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.storage.AccountStore;
import org.modulehost.homeserver.storage.DeviceRecord;
import org.modulehost.homeserver.storage.EventReader;
import org.modulehost.homeserver.storage.MembershipRecord;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.storage.UserAdminStore;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Deactivates and reactivates accounts, as Synapse's {@code DeactivateAccountHandler}:
 * {@code checkCanDeactivateUser} first; then every device is logged out (with
 * {@code onLoggedOut} for each access token), the password removed, with {@code erase} the
 * profile removed ({@code onProfileUpdate} with {@code deactivation} {@code true}), the
 * account marked deactivated (which hides it from the user directory and refuses its logins),
 * its account data (with its push rules and pushers) removed; then the user leaves (or rejects
 * the invite to) and forgets every room and {@code onUserDeactivationStatusChanged} is called. The users still leaving their rooms are
 * recorded, so that a restart in the middle finishes the parting ({@link #resumeParting}).
 */
public final class Deactivations {

	private static final Log logger = LogFactory.getLog(Deactivations.class);

	private final Accounts accounts;

	private final AccountStore store;

	private final UserAdminStore admin;

	private final Memberships memberships;

	private final EventReader reader;

	private final RoomStore rooms;

	private final Callbacks callbacks;

	private final Supplier<@Nullable ThreepidUnbinder> unbinder;

	/**
	 * Creates the service.
	 * @param accounts the accounts
	 * @param store the accounts' storage
	 * @param admin the pending deactivations and erased users
	 * @param memberships the membership changes
	 * @param reader the event reader
	 * @param rooms the rooms
	 * @param callbacks the callback dispatchers
	 * @param unbinder unbinds the identifiers the user bound on identity servers (none without
	 * identity-server support)
	 */
	public Deactivations(Accounts accounts, AccountStore store, UserAdminStore admin, Memberships memberships,
			EventReader reader, RoomStore rooms, Callbacks callbacks, Supplier<@Nullable ThreepidUnbinder> unbinder) {
		this.unbinder = unbinder;
		this.accounts = accounts;
		this.store = store;
		this.admin = admin;
		this.memberships = memberships;
		this.reader = reader;
		this.rooms = rooms;
		this.callbacks = callbacks;
	}

	private final java.util.List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	/**
	 * Adds a step of every deactivation, run after the modules allowed it and before the devices
	 * are deleted (Synapse removes the user's third-party identifiers there).
	 * @param listener called with the user being deactivated
	 */
	public void addListener(java.util.function.Consumer<String> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Deactivates an account.
	 * @param userId the user
	 * @param erase whether to erase the user's profile too (GDPR erasure)
	 * @param byAdmin whether an administrator asked
	 * @throws MatrixError 400 for a user of another server, 404 {@code M_NOT_FOUND} for an
	 * unknown user, 403 {@code M_FORBIDDEN} when a module refuses
	 */
	public void deactivate(String userId, boolean erase, boolean byAdmin) {
		deactivate(userId, erase, byAdmin, null);
	}

	/**
	 * Deactivates an account, first unbinding the identifiers the user bound on identity servers
	 * (Synapse's {@code deactivate_account}).
	 * @param userId the user
	 * @param erase whether to erase the user's profile too (GDPR erasure)
	 * @param byAdmin whether an administrator asked
	 * @param idServer the identity server to unbind from, or {@code null} for those each identifier
	 * was bound through
	 * @return whether every identity server removed the bindings ({@code id_server_unbind_result}
	 * {@code success}, also when none were bound), else {@code false} ({@code no-support})
	 * @throws MatrixError 400 for a user of another server, 404 {@code M_NOT_FOUND} for an
	 * unknown user, 403 {@code M_FORBIDDEN} when a module refuses
	 */
	public boolean deactivate(String userId, boolean erase, boolean byAdmin, @Nullable String idServer) {
		if (!this.accounts.isMine(userId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Can only deactivate local users");
		}
		if (this.store.user(userId).isEmpty()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "User not found");
		}
		Boolean allowed = Await.callback(this.callbacks.thirdPartyRules().checkCanDeactivateUser(userId, byAdmin),
				"checkCanDeactivateUser");
		if (Boolean.FALSE.equals(allowed)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Deactivation of this user is forbidden");
		}
		logger.info("Deactivating " + userId + (erase ? " (erase)" : "") + (byAdmin ? " by an administrator" : ""));
		ThreepidUnbinder identityServers = this.unbinder.get();
		boolean unbound = identityServers == null || identityServers.unbindAll(userId, idServer);
		for (java.util.function.Consumer<String> listener : this.listeners) {
			listener.accept(userId);
		}
		this.accounts.deleteDevices(userId, this.store.devices(userId).stream().map(DeviceRecord::deviceId).toList());
		this.store.setPasswordHash(userId, null);
		this.admin.addPendingDeactivation(userId);
		if (erase) {
			this.store.setProfile(userId, null, null);
			this.admin.setErased(userId, true);
			try {
				Await.join(this.callbacks.thirdPartyRules()
					.onProfileUpdate(userId, new ProfileInfo(null, null), byAdmin, true));
			}
			catch (RuntimeException ex) {
				logger.warn("onProfileUpdate failed for " + userId + "; the erasure stands", ex);
			}
		}
		this.store.setDeactivated(userId, true);
		this.admin.purgeAccountData(userId);
		part(userId);
		try {
			Await.join(this.callbacks.thirdPartyRules().onUserDeactivationStatusChanged(userId, true, byAdmin));
		}
		catch (RuntimeException ex) {
			logger.warn("onUserDeactivationStatusChanged failed for " + userId + "; the deactivation stands", ex);
		}
		return unbound;
	}

	/**
	 * Reactivates an account, as Synapse's {@code activate_account}: no longer erased nor
	 * deactivated; it rejoins nothing. The caller sets a password first.
	 * @param userId the user
	 */
	public void reactivate(String userId) {
		this.admin.setErased(userId, false);
		this.store.setDeactivated(userId, false);
		logger.info("Reactivated " + userId);
		try {
			Await.join(this.callbacks.thirdPartyRules().onUserDeactivationStatusChanged(userId, false, true));
		}
		catch (RuntimeException ex) {
			logger.warn("onUserDeactivationStatusChanged failed for " + userId + "; the reactivation stands", ex);
		}
	}

	/**
	 * Finishes the parting of users whose deactivation a restart interrupted.
	 */
	public void resumeParting() {
		for (String userId : this.admin.pendingDeactivations()) {
			logger.info("Resuming the parting of deactivated user " + userId);
			part(userId);
		}
	}

	/**
	 * Makes a deactivated user leave (or reject the invite of) and forget every room; a room
	 * that refuses is logged and skipped, as Synapse's user parter does.
	 */
	private void part(String userId) {
		for (MembershipRecord membership : this.reader.membershipsOf(userId)) {
			if (!"join".equals(membership.membership()) && !"invite".equals(membership.membership())
					&& !"knock".equals(membership.membership())) {
				continue;
			}
			try {
				StoredEvent left = this.memberships.update(new Memberships.MembershipRequest(userId, userId,
						membership.roomId(), "leave", Map.of(), null, false, false));
				if (left != null) {
					this.rooms.forget(userId, membership.roomId(), left.event().eventId());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Deactivated user " + userId + " could not leave " + membership.roomId()
						+ "; ignoring and continuing", ex);
			}
		}
		this.admin.removePendingDeactivation(userId);
	}

}

package org.modulehost.homeserver.admin;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.users.Accounts;

/**
 * Lets only server administrators through, as Synapse's {@code assert_requester_is_admin}.
 */
final class AdminAccess {

	private final Accounts accounts;

	AdminAccess(Accounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * Refuses a requester who is not a server administrator.
	 * @param requester who asks
	 * @return the requester
	 * @throws MatrixError 403 {@code M_FORBIDDEN}
	 */
	Requester requireAdmin(Requester requester) {
		if (!this.accounts.isAdmin(requester.userId())) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You are not a server admin");
		}
		return requester;
	}

}

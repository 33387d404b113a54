package org.modulehost.homeserver.users;

import org.jspecify.annotations.Nullable;

/**
 * Unbinds a third-party identifier from the identity servers it was bound to, when
 * {@code POST /account/3pid/delete} removes it (Synapse's {@code delete_threepid}), and every
 * identifier a user bound when the account is deactivated. Without a bean
 * of this type the server binds nothing, and the answer's {@code id_server_unbind_result} is
 * {@code no-support}; a bean that implements identity-server binds plugs in here.
 */
public interface ThreepidUnbinder {

	/**
	 * Unbinds an identifier.
	 * @param userId the user
	 * @param medium the medium
	 * @param address the address
	 * @param idServer the identity server the client named, or {@code null} for those it was
	 * bound through
	 * @return whether every unbind succeeded ({@code success}) or not ({@code no-support})
	 */
	boolean unbind(String userId, String medium, String address, @Nullable String idServer);

	/**
	 * Unbinds every identifier the user bound through this homeserver, before the account is
	 * deactivated (Synapse's {@code deactivate_account}).
	 * @param userId the user
	 * @param idServer the identity server the client named, or {@code null} for those each
	 * identifier was bound through
	 * @return whether every unbind succeeded ({@code success}, also when nothing was bound) or
	 * not ({@code no-support})
	 */
	boolean unbindAll(String userId, @Nullable String idServer);

}

package org.modulehost.homeserver.users;

import org.jspecify.annotations.Nullable;

/**
 * Unbinds a third-party identifier from the identity servers it was bound to, when
 * {@code POST /account/3pid/delete} removes it (Synapse's {@code delete_threepid}). Without a bean
 * of this type the server binds nothing, and the answer's {@code id_server_unbind_result} is
 * {@code no-support}; a bean that implements identity-server binds plugs in here.
 */
@FunctionalInterface
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

}

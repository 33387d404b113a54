package org.modulehost.homeserver.storage;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * The key of a client's transaction, as the client-server API scopes transaction IDs: the
 * user's device, the endpoint and room (the request path without the transaction ID), and the
 * transaction ID.
 *
 * @param userId the user
 * @param deviceId the device
 * @param scope the endpoint and room, e.g. {@code /rooms/!r:example.org/send/m.room.message}
 * @param txnId the client's transaction ID, at most {@value #MAX_TXN_ID_LENGTH} characters
 */
public record ClientTransaction(String userId, String deviceId, String scope, String txnId) {

	/** The longest transaction ID stored, as the column holds it. */
	public static final int MAX_TXN_ID_LENGTH = 255;

	/**
	 * Checks the transaction ID's length.
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} for a transaction ID over
	 * {@value #MAX_TXN_ID_LENGTH} characters
	 */
	public ClientTransaction {
		if (txnId.length() > MAX_TXN_ID_LENGTH) {
			throw new MatrixError(400, Codes.INVALID_PARAM,
					"Transaction ID too long: at most " + MAX_TXN_ID_LENGTH + " characters");
		}
	}

}

package org.modulehost.samples.accountexpiry;

import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.test.MatrixTestClient.User;

/**
 * A module of the tests only: it registers users with an e-mail address through the public
 * module API ({@code registerUser} with e-mails), as an operator's registration module would.
 */
public class EmailAccounts {

	private final HomeserverModuleApi api;

	public EmailAccounts(Map<String, Object> config, HomeserverModuleApi api) {
		this.api = api;
	}

	/**
	 * Registers a user with an e-mail address and logs them in.
	 * @param localpart the user's localpart
	 * @param email the address
	 * @return the user and their access token
	 */
	User register(String localpart, String email) {
		return this.api.registerUser(localpart, null, false, List.of(email))
			.thenCompose((userId) -> this.api.registerDevice(userId, null, null))
			.thenApply((login) -> new User(login.userId(), login.accessToken()))
			.toCompletableFuture()
			.join();
	}

}

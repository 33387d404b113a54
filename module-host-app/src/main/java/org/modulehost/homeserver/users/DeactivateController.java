package org.modulehost.homeserver.users;

import java.util.Map;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /account/deactivate}: a user deactivates their own account after
 * user-interactive authentication with the password stage ({@link UserInteractiveAuth}), with
 * {@code erase} to have their profile erased too ({@link Deactivations}, which first unbinds the
 * identifiers the user bound on identity servers: {@code id_server} names one, else each is
 * unbound where it was bound): the answer's
 * {@code id_server_unbind_result} is {@code success} when every server removed them (or none were
 * bound), {@code no-support} otherwise.
 */
@RestController
final class DeactivateController {

	private final Deactivations deactivations;

	private final UserInteractiveAuth auth;

	DeactivateController(UserInteractiveAuth auth, Deactivations deactivations) {
		this.deactivations = deactivations;
		this.auth = auth;
	}

	@PostMapping({ "/_matrix/client/v3/account/deactivate", "/_matrix/client/r0/account/deactivate" })
	ResponseEntity<Map<String, Object>> deactivate(Requester requester,
			@JsonRequestBody(allowEmpty = true) JsonBody body) {
		boolean erase = body.bool("erase", false);
		String idServer = body.string("id_server");
		Map<String, Object> challenge = this.auth.check(requester, body, "POST /account/deactivate");
		if (challenge != null) {
			return ResponseEntity.status(401).body(challenge);
		}
		boolean unbound = this.deactivations.deactivate(requester.userId(), erase, false, idServer);
		return ResponseEntity.ok(Map.of("id_server_unbind_result", unbound ? "success" : "no-support"));
	}

}

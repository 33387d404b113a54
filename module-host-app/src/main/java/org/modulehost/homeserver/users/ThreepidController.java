package org.modulehost.homeserver.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.storage.ThreepidStore;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's third-party identifiers: {@code GET /account/3pid}, {@code POST /account/3pid/add}
 * (user-interactive authentication, then a session validated by its e-mail link) and
 * {@code POST /account/3pid/delete}.
 */
@RestController
final class ThreepidController {

	private final Threepids threepids;

	private final UserInteractiveAuth auth;

	private final ObjectProvider<ThreepidUnbinder> unbinder;

	ThreepidController(UserInteractiveAuth auth, Threepids threepids, ObjectProvider<ThreepidUnbinder> unbinder) {
		this.threepids = threepids;
		this.unbinder = unbinder;
		this.auth = auth;
	}

	@GetMapping({ "/_matrix/client/v3/account/3pid", "/_matrix/client/r0/account/3pid" })
	Map<String, Object> list(Requester requester) {
		List<Map<String, Object>> threepids = this.threepids.threepids(requester.userId())
			.stream()
			.map(ThreepidController::json)
			.toList();
		return Map.of("threepids", threepids);
	}

	static Map<String, Object> json(ThreepidStore.Threepid threepid) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("medium", threepid.medium());
		json.put("address", threepid.address());
		json.put("validated_at", threepid.validatedAt());
		json.put("added_at", threepid.addedAt());
		return json;
	}

	@PostMapping({ "/_matrix/client/v3/account/3pid/add", "/_matrix/client/r0/account/3pid/add" })
	ResponseEntity<Map<String, Object>> add(Requester requester, @JsonRequestBody JsonBody body) {
		if (!this.threepids.enabled()) {
			throw new MatrixError(400, Codes.FORBIDDEN, "3PID changes are disabled on this server");
		}
		String clientSecret = body.requireString("client_secret");
		Threepids.requireClientSecret(clientSecret);
		String sid = body.requireString("sid");
		Map<String, Object> challenge = this.auth.check(requester, body, "POST /account/3pid/add");
		if (challenge != null) {
			return ResponseEntity.status(401).body(challenge);
		}
		ThreepidStore.Session session = this.threepids.validated(Threepids.Purpose.ADD, sid, clientSecret);
		this.threepids.use(session);
		this.threepids.add(requester.userId(), session.address(), session.validatedAt());
		return ResponseEntity.ok(Map.of());
	}

	@PostMapping({ "/_matrix/client/v3/account/3pid/delete", "/_matrix/client/r0/account/3pid/delete" })
	Map<String, Object> delete(Requester requester, @JsonRequestBody JsonBody body) {
		if (!this.threepids.enabled()) {
			throw new MatrixError(400, Codes.FORBIDDEN, "3PID changes are disabled on this server");
		}
		String medium = body.requireString("medium");
		String address = body.requireString("address");
		String idServer = body.string("id_server");
		if (Threepids.EMAIL.equals(medium)) {
			address = Threepids.canonicalEmail(address);
		}
		else if (!"msisdn".equals(medium)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unknown medium " + medium);
		}
		ThreepidUnbinder identityServers = this.unbinder.getIfAvailable();
		boolean unbound = identityServers != null
				&& identityServers.unbind(requester.userId(), medium, address, idServer);
		this.threepids.remove(requester.userId(), medium, address);
		return Map.of("id_server_unbind_result", unbound ? "success" : "no-support");
	}

}

package org.modulehost.homeserver.identity;

import java.util.Map;
import java.util.regex.Pattern;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.web.JsonBody;
import org.modulehost.homeserver.web.JsonRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /account/3pid/bind} and {@code /account/3pid/unbind}, as Synapse's
 * {@code ThreepidBindRestServlet} and {@code ThreepidUnbindRestServlet}.
 */
@RestController
@RequestMapping("/_matrix/client/{version:v3|r0}/account/3pid")
final class ThreepidBindController {

	/** Synapse's {@code CLIENT_SECRET_REGEX}, with the specification's length limit. */
	private static final Pattern CLIENT_SECRET = Pattern.compile("[0-9a-zA-Z.=_\\-]{1,255}");

	private final ThreepidBindings bindings;

	ThreepidBindController(ThreepidBindings bindings) {
		this.bindings = bindings;
	}

	@PostMapping("/bind")
	Map<String, Object> bind(Requester requester, @JsonRequestBody JsonBody body) {
		String clientSecret = body.requireString("client_secret");
		String idServer = body.requireString("id_server");
		String idAccessToken = body.requireString("id_access_token");
		String sid = body.requireString("sid");
		if (!CLIENT_SECRET.matcher(clientSecret).matches()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid client_secret parameter");
		}
		this.bindings.bind(requester.userId(), clientSecret, sid, idServer, idAccessToken);
		return Map.of();
	}

	@PostMapping("/unbind")
	Map<String, Object> unbind(Requester requester, @JsonRequestBody JsonBody body) {
		String medium = body.requireString("medium");
		String address = body.requireString("address");
		boolean changed = this.bindings.unbind(requester.userId(), medium, address, body.string("id_server"));
		return Map.of("id_server_unbind_result", changed ? "success" : "no-support");
	}

}

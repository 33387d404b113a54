package org.modulehost.homeserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which error a request with more than one thing wrong gets: the controllers take the requester
 * and the parsed body as arguments, and they keep the order in which the checks were made when
 * each method authenticated and parsed by hand.
 */
class AuthenticationOrderTests extends HomeserverTestSupport {

	private static void assertMatrixError(MatrixClient.Response response, int status, String errcode) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.errcode()).isEqualTo(errcode);
	}

	@Test
	void aRequestWithoutAValidTokenIsRefusedForItsTokenEvenWhenItsBodyIsBad() {
		assertMatrixError(client().raw("POST", "/_matrix/client/v3/createRoom", "{\"name\": "), 401,
				"M_MISSING_TOKEN");
		assertMatrixError(client().raw("POST", "/_matrix/client/v3/user_directory/search", null), 401,
				"M_MISSING_TOKEN");
		assertMatrixError(client().withToken("nonsense")
			.raw("PUT", "/_matrix/client/v3/rooms/!nowhere:localhost/send/m.room.message/t1", "[1, 2]"), 401,
				"M_UNKNOWN_TOKEN");
	}

	@Test
	void aBadQueryParameterIsRefusedBeforeTheToken() {
		assertMatrixError(client().get("/_matrix/client/v3/rooms/!nowhere:localhost/messages?limit=lots"), 400,
				"M_INVALID_PARAM");
	}

	@Test
	void aBadAliasToJoinIsRefusedBeforeTheToken() {
		assertMatrixError(client().raw("POST", "/_matrix/client/v3/join/%23no-server", null), 400,
				"M_INVALID_PARAM");
	}

	@Test
	void aWellFormedRequestWithABadBodyIsRefusedForItsBody() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertMatrixError(alice.raw("POST", "/_matrix/client/v3/user_directory/search", null), 400, "M_NOT_JSON");
		assertMatrixError(alice.raw("PUT", "/_matrix/client/v3/directory/list/room/!nowhere:localhost", "[1]"), 400,
				"M_BAD_JSON");
		assertThat(alice.raw("POST", "/_matrix/client/v3/publicRooms", null).status()).isEqualTo(200);
	}

}

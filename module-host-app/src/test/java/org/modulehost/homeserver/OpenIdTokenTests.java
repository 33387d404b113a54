package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID tokens: issued only to the user they identify, kept hashed, and checked (until they
 * expire) by the federation user-info endpoint.
 */
class OpenIdTokenTests extends HomeserverTestSupport {

	@Autowired
	JdbcClient jdbc;

	private static String requestToken(String userId) {
		return "/_matrix/client/v3/user/" + MatrixClient.encode(userId) + "/openid/request_token";
	}

	private static String userInfo(String token) {
		return "/_matrix/federation/v1/openid/userinfo?access_token=" + MatrixClient.encode(token);
	}

	@Test
	void aUserGetsAnOpenIdTokenThatIdentifiesThemForAnHour() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("openid"));
		MatrixClient.Response issued = alice.post(requestToken(alice.userId()), Map.of());
		assertThat(issued.status()).isEqualTo(200);
		assertThat(issued.body()).containsEntry("token_type", "Bearer")
			.containsEntry("matrix_server_name", alice.userId().substring(alice.userId().indexOf(':') + 1))
			.containsEntry("expires_in", 3600);
		String token = issued.string("access_token");
		assertThat(this.jdbc.sql("SELECT token FROM hs_openid_tokens WHERE user_id = ?")
			.param(alice.userId())
			.query(String.class)
			.list()).containsExactly(sha256(token));
		MatrixClient.Response info = client().get(userInfo(token));
		assertThat(info.status()).isEqualTo(200);
		assertThat(info.body()).containsEntry("sub", alice.userId());
	}

	@Test
	void anExpiredOrUnknownOpenIdTokenIdentifiesNobody() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("openidexp"));
		String token = alice.post(requestToken(alice.userId()), Map.of()).string("access_token");
		this.jdbc.sql("UPDATE hs_openid_tokens SET valid_until_ms = ? WHERE token = ?")
			.params(System.currentTimeMillis() - 1, sha256(token))
			.update();
		MatrixClient.Response expired = client().get(userInfo(token));
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		MatrixClient.Response unknown = client().get(userInfo("oid_nonsense"));
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
		MatrixClient.Response hash = client().get(userInfo(sha256(alice.accessToken())));
		assertThat(hash.status()).isEqualTo(401);
	}

	@Test
	void nobodyRequestsAnOpenIdTokenForAnotherUser() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient eve = client().register(MatrixClient.unique("eve"));
		MatrixClient.Response response = eve.post(requestToken(alice.userId()), Map.of());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response anonymous = client().post(requestToken(alice.userId()), Map.of());
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
	}

	private static String sha256(String token) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
	}

}

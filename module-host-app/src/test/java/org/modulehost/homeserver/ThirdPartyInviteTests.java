package org.modulehost.homeserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.IdentityServerStub.Answer;
import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /rooms/{roomId}/invite} with {@code medium} and {@code address} against a real
 * identity server over HTTP.
 */
class ThirdPartyInviteTests extends WithIdentityServer {

	private static final String HASH_DETAILS = "/_matrix/identity/v2/hash_details";

	private static final String LOOKUP = "/_matrix/identity/v2/lookup";

	private static final String STORE_INVITE = "/_matrix/identity/v2/store-invite";

	private static Map<String, Object> invite(String address, String idServer, String token) {
		return Map.of("medium", "email", "address", address, "id_server", idServer, "id_access_token", token);
	}

	private static String address(String prefix) {
		return MatrixClient.unique(prefix) + "@example.org";
	}

	@Test
	void anUnboundAddressIsInvitedThroughTheIdentityServerAndTheRoomSeesTheThirdPartyInvite() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat", "name", "Tea"));
		String address = address("invitee");
		String token = MatrixClient.unique("is-token");
		MatrixClient.Response invited = alice.post(room(roomId) + "/invite", invite(address, identityServer.name(), token));
		assertThat(invited.status()).isEqualTo(200);
		assertThat(invited.body()).isEmpty();
		assertThat(identityServer.requests(HASH_DETAILS, token)).singleElement()
			.satisfies((request) -> assertThat(request.authorization()).isEqualTo("Bearer " + token));
		String hashed = IdentityServerStub.sha256(address + " email " + IdentityServerStub.PEPPER);
		assertThat(identityServer.requests(LOOKUP, token)).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains(hashed).contains("\"algorithm\":\"sha256\"")
				.doesNotContain(address));
		assertThat(identityServer.requests(STORE_INVITE, address)).singleElement().satisfies((request) -> {
			assertThat(request.authorization()).isEqualTo("Bearer " + token);
			assertThat(request.body()).contains("\"room_id\":\"" + roomId + "\"")
				.contains("\"sender\":\"" + alice.userId() + "\"")
				.contains("\"room_name\":\"Tea\"")
				.contains("\"room_join_rules\":\"public\"");
		});
		assertThat(Recorder.calls()).contains("checkThreepidCanBeInvited:email:" + address + ":false",
				"userMaySend3pidInvite:" + alice.userId() + ":email:" + address + ":" + roomId);
		bob.join(roomId);
		List<Map<String, Object>> seen = roomEvents(bob.sync(null, 0), roomId).stream()
			.filter((event) -> "m.room.third_party_invite".equals(event.get("type")))
			.toList();
		assertThat(seen).singleElement().satisfies((event) -> {
			assertThat(event.get("sender")).isEqualTo(alice.userId());
			assertThat((String) event.get("state_key")).startsWith("invite-token-");
			Map<String, Object> content = MatrixClient.content(event);
			assertThat(content).containsEntry("display_name", "a...@example.org")
				.containsEntry("public_key", "c2VydmVyLWtleQ")
				.containsEntry("key_validity_url",
						"http://" + identityServer.name() + "/_matrix/identity/v2/pubkey/isvalid");
			assertThat(content.get("public_keys")).asList().hasSize(1);
		});
		String stateKey = (String) seen.get(0).get("state_key");
		MatrixClient.Response state = bob.get(room(roomId) + "/state/m.room.third_party_invite/" + stateKey);
		assertThat(state.status()).isEqualTo(200);
		assertThat(state.body()).containsEntry("display_name", "a...@example.org");
	}

	@Test
	void aBoundAddressInvitesItsUserWhoSeesTheInviteInSync() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of());
		String address = address("carol");
		identityServer.bind("email", address, carol.userId());
		MatrixClient.Response invited = alice.post(room(roomId) + "/invite",
				invite(address, identityServer.name(), MatrixClient.unique("is-token")));
		assertThat(invited.status()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		Map<String, Object> invites = (Map<String, Object>) carol.sync(null, 0).map("rooms").get("invite");
		assertThat(invites).containsKey(roomId);
		assertThat(identityServer.requests(STORE_INVITE, address)).isEmpty();
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("userMaySend3pidInvite:" + alice.userId()));
	}

	@Test
	void aLookupThatFailsFallsBackToAStoredInviteAsInSynapse() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String token = MatrixClient.unique("broken-lookup");
		identityServer.replace(HASH_DETAILS, token, Answer.raw(200, "{not json"));
		String address = address("fallback");
		MatrixClient.Response invited = alice.post(room(roomId) + "/invite", invite(address, identityServer.name(), token));
		assertThat(invited.status()).isEqualTo(200);
		assertThat(identityServer.requests(LOOKUP, token)).isEmpty();
		assertThat(identityServer.requests(STORE_INVITE, address)).hasSize(1);
	}

	@Test
	void withoutAnIdentityAccessTokenTheInviteIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String address = address("notoken");
		MatrixClient.Response refused = alice.post(room(roomId) + "/invite",
				Map.of("medium", "email", "address", address, "id_server", identityServer.name()));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_MISSING_PARAM");
		assertThat(identityServer.requests(STORE_INVITE, address)).isEmpty();
	}

	@Test
	void anUntrustedIdentityServerIsRefusedWithoutBeingContacted() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.post(room(roomId) + "/invite",
				invite(address("ssrf"), "127.0.0.1:5432", "t"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_SERVER_NOT_TRUSTED");
	}

	@Test
	void theSpamCheckerDeniesWithItsErrcodeAndNothingIsStored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String address = address("spam");
		MatrixClient.Response denied = alice.post(room(roomId) + "/invite",
				invite(address, identityServer.name(), MatrixClient.unique("is-token")));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errcode()).isEqualTo("ORG_EXAMPLE_NO_3PID");
		assertThat(denied.body()).containsEntry("address", address);
		assertThat(identityServer.requests(STORE_INVITE, address)).isEmpty();
	}

	@Test
	void aThirdPartyRuleThatRefusesIsForbiddenBeforeTheIdentityServerIsAsked() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("name", "closed"));
		String token = MatrixClient.unique("is-token");
		MatrixClient.Response refused = alice.post(room(roomId) + "/invite",
				invite(address("blocked"), identityServer.name(), token));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(identityServer.requests(HASH_DETAILS, token)).isEmpty();
	}

	@Test
	void theInviterMustBeJoinedAndHaveTheInvitePowerLevel() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));
		String roomId = alice.createRoom(Map.of("preset", "private_chat"));
		alice.invite(roomId, bob.userId());
		bob.join(roomId);
		String token = MatrixClient.unique("is-token");
		MatrixClient.Response outsider = mallory.post(room(roomId) + "/invite",
				invite(address("outsider"), identityServer.name(), token));
		assertThat(outsider.status()).isEqualTo(403);
		assertThat(outsider.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response powerless = bob.post(room(roomId) + "/invite",
				invite(address("powerless"), identityServer.name(), token));
		assertThat(powerless.status()).isEqualTo(403);
		assertThat(powerless.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(identityServer.requests(HASH_DETAILS, token)).isEmpty();
		MatrixClient.Response unknownRoom = alice.post(room("!nowhere:localhost") + "/invite",
				invite(address("nowhere"), identityServer.name(), token));
		assertThat(unknownRoom.status()).isEqualTo(404);
		assertThat(unknownRoom.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void theInvitePowerLevelDecidesNotTheStateDefault() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		// public_chat: invite 0, state_default 50; bob has 0
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String address = address("bobs-friend");
		MatrixClient.Response invited = bob.post(room(roomId) + "/invite",
				invite(address, identityServer.name(), MatrixClient.unique("is-token")));
		assertThat(invited.status()).isEqualTo(200);
		assertThat(identityServer.requests(STORE_INVITE, address)).hasSize(1);
	}

	@Test
	void anIdentityServerThatIsDownOrHostileIsABadGatewayAndNoEventIsSent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		MatrixClient.Response down = alice.post(room(roomId) + "/invite", invite(address("down"), DOWN, "t"));
		assertThat(down.status()).isEqualTo(502);
		assertThat(down.errcode()).isEqualTo("M_UNKNOWN");
		Map<String, Answer> hostile = new LinkedHashMap<>();
		hostile.put(address("huge"), Answer.huge());
		hostile.put(address("notjson"), Answer.raw(200, "<html>"));
		hostile.put(address("notoken"), Answer.json(200, Map.of("display_name", "x", "public_key", "k")));
		hostile.put(address("nokey"), Answer.json(200, Map.of("token", "t", "display_name", "x")));
		hostile.forEach((address, answer) -> {
			identityServer.replace(STORE_INVITE, address, answer);
			MatrixClient.Response failed = alice.post(room(roomId) + "/invite",
					invite(address, identityServer.name(), MatrixClient.unique("is-token")));
			assertThat(failed.status()).as(address).isEqualTo(502);
			assertThat(failed.errcode()).as(address).isEqualTo("M_UNKNOWN");
		});
		// a user of their own: each attempt above took from alice's third-party invite limit
		MatrixClient dave = client().register(MatrixClient.unique("dave"));
		dave.join(roomId);
		String refused = address("terms");
		identityServer.replace(STORE_INVITE, refused,
				Answer.json(403, Map.of("errcode", "M_TERMS_NOT_SIGNED", "error", "Terms not signed")));
		MatrixClient.Response terms = dave.post(room(roomId) + "/invite",
				invite(refused, identityServer.name(), MatrixClient.unique("is-token")));
		assertThat(terms.status()).isEqualTo(403);
		assertThat(terms.errcode()).isEqualTo("M_TERMS_NOT_SIGNED");
		assertThat(roomEvents(alice.sync(null, 0), roomId))
			.noneMatch((event) -> "m.room.third_party_invite".equals(event.get("type")));
	}

	@Test
	void thirdPartyInvitesAreRateLimited() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		for (int i = 0; i < 5; i++) {
			assertThat(alice.post(room(roomId) + "/invite",
					invite(address("many"), identityServer.name(), MatrixClient.unique("is-token")))
				.status()).isEqualTo(200);
		}
		MatrixClient.Response limited = alice.post(room(roomId) + "/invite",
				invite(address("many"), identityServer.name(), MatrixClient.unique("is-token")));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
	}

}

package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "homeserver.limits.max-json-body-size=64KB")
class ReceiptsTests extends HomeserverTestSupport {

	static MatrixClient.Response receipt(MatrixClient client, String roomId, String type, String eventId,
			Map<String, Object> body) {
		return client.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/receipt/"
				+ MatrixClient.encode(type) + "/" + MatrixClient.encode(eventId), body);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> receipts(MatrixClient.Response sync, String roomId) {
		return TypingTests.ephemeral(sync, roomId)
			.stream()
			.filter((event) -> "m.receipt".equals(event.get("type")))
			.map(MatrixClient::content)
			.findFirst()
			.orElse(Map.of());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> readers(MatrixClient.Response sync, String roomId, String eventId, String type) {
		Map<String, Object> byType = (Map<String, Object>) receipts(sync, roomId).getOrDefault(eventId, Map.of());
		return (Map<String, Object>) byType.getOrDefault(type, Map.of());
	}

	private String sharedRoom(MatrixClient alice, MatrixClient bob) {
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		return roomId;
	}

	@Test
	void aReadReceiptIsInTheEphemeralSectionOfEveryMember() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String eventId = alice.sendMessage(roomId, "read me");
		String since = alice.sync(null, 0).string("next_batch");
		MatrixClient.Response response = receipt(bob, roomId, "m.read", eventId, Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		MatrixClient.Response incremental = alice.sync(since, 0);
		assertThat(readers(incremental, roomId, eventId, "m.read")).containsOnlyKeys(bob.userId());
		assertThat(readers(alice.sync(null, 0), roomId, eventId, "m.read")).containsOnlyKeys(bob.userId());
		assertThat(receipts(alice.sync(incremental.string("next_batch"), 0), roomId)).isEmpty();
	}

	@Test
	void aPrivateReceiptIsSeenOnlyByItsOwner() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String eventId = alice.sendMessage(roomId, "secretly read");
		String alicesSince = alice.sync(null, 0).string("next_batch");
		String bobsSince = bob.sync(null, 0).string("next_batch");
		assertThat(receipt(bob, roomId, "m.read.private", eventId, Map.of()).status()).isEqualTo(200);
		assertThat(readers(bob.sync(bobsSince, 0), roomId, eventId, "m.read.private")).containsOnlyKeys(bob.userId());
		assertThat(readers(bob.sync(null, 0), roomId, eventId, "m.read.private")).containsOnlyKeys(bob.userId());
		assertThat(receipts(alice.sync(alicesSince, 0), roomId)).isEmpty();
		assertThat(receipts(alice.sync(null, 0), roomId)).isEmpty();
	}

	@Test
	void aThreadedReceiptCarriesItsThread() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String eventId = alice.sendMessage(roomId, "in the main timeline");
		assertThat(receipt(bob, roomId, "m.read", eventId, Map.of("thread_id", "main")).status()).isEqualTo(200);
		assertThat(readers(alice.sync(null, 0), roomId, eventId, "m.read").get(bob.userId()))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("thread_id", "main")
			.containsKey("ts");
	}

	@Test
	void aReceiptNeverMovesBack() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String first = alice.sendMessage(roomId, "first");
		String second = alice.sendMessage(roomId, "second");
		assertThat(receipt(bob, roomId, "m.read", second, Map.of()).status()).isEqualTo(200);
		assertThat(receipt(bob, roomId, "m.read", first, Map.of()).status()).isEqualTo(200);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(readers(sync, roomId, second, "m.read")).containsOnlyKeys(bob.userId());
		assertThat(readers(sync, roomId, first, "m.read")).isEmpty();
	}

	@Test
	void readMarkersSetTheFullyReadMarkerAndTheReceipts() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = sharedRoom(alice, bob);
		String eventId = alice.sendMessage(roomId, "marked");
		MatrixClient.Response response = bob.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/read_markers", Map.of("m.fully_read", eventId, "m.read", eventId, "m.read.private", eventId));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		MatrixClient.Response marker = bob.get("/_matrix/client/v3/user/" + MatrixClient.encode(bob.userId())
				+ "/rooms/" + MatrixClient.encode(roomId) + "/account_data/m.fully_read");
		assertThat(marker.status()).as(marker.toString()).isEqualTo(200);
		assertThat(marker.string("event_id")).isEqualTo(eventId);
		MatrixClient.Response sync = bob.sync(null, 0);
		assertThat(readers(sync, roomId, eventId, "m.read")).containsOnlyKeys(bob.userId());
		assertThat(readers(sync, roomId, eventId, "m.read.private")).containsOnlyKeys(bob.userId());
	}

	@Test
	void anUnknownReceiptTypeIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "hello");
		MatrixClient.Response response = receipt(alice, roomId, "m.seen", eventId, Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errcode()).isEqualTo("M_UNKNOWN");
	}

	@Test
	void anEmptyOrNonStringThreadIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "hello");
		for (Object thread : List.of("", 42)) {
			MatrixClient.Response response = receipt(alice, roomId, "m.read", eventId, Map.of("thread_id", thread));
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
		}
		MatrixClient.Response fullyRead = receipt(alice, roomId, "m.fully_read", eventId, Map.of("thread_id", "main"));
		assertThat(fullyRead.status()).as(fullyRead.toString()).isEqualTo(400);
		assertThat(fullyRead.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void aReceiptInARoomOneIsNotInIsForbidden() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient mallory = client().register(MatrixClient.unique("mallory"));
		String roomId = alice.createRoom(Map.of("preset", "private_chat"));
		String eventId = alice.sendMessage(roomId, "private");
		MatrixClient.Response response = receipt(mallory, roomId, "m.read", eventId, Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response markers = mallory.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/read_markers", Map.of("m.fully_read", eventId));
		assertThat(markers.status()).as(markers.toString()).isEqualTo(403);
		assertThat(markers.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(receipts(alice.sync(null, 0), roomId)).isEmpty();
	}

	@Test
	void aReceiptForAnEventOfAnotherRoomIsNotFound() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String otherRoom = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(otherRoom, "elsewhere");
		MatrixClient.Response response = receipt(alice, roomId, "m.read", eventId, Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void anOversizedReceiptBodyIsRefusedBeforeItIsRead() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String eventId = alice.sendMessage(roomId, "hello");
		MatrixClient.Response response = receipt(alice, roomId, "m.read", eventId,
				Map.of("padding", "x".repeat(100_000)));
		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.errcode()).isEqualTo("M_TOO_LARGE");
	}

	@Test
	void readMarkersWithANonStringEventAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response response = alice.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/read_markers", Map.of("m.read", 7));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
	}

}

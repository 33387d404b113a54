package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transaction IDs are scoped to the device, the endpoint and the room, as the specification
 * says: a repeat answers the earlier event, the same ID elsewhere is a new request.
 */
class TransactionIdTests extends HomeserverTestSupport {

	private static String room(String roomId) {
		return "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId);
	}

	@Test
	void theSameTransactionIdInTwoRoomsStoresTwoEvents() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String first = alice.createRoom(Map.of());
		String second = alice.createRoom(Map.of());
		String txnId = MatrixClient.nextTxn();
		MatrixClient.Response inFirst = alice.send(first, "m.room.message", txnId, Map.of("body", "one"));
		MatrixClient.Response inSecond = alice.send(second, "m.room.message", txnId, Map.of("body", "two"));
		assertThat(inFirst.status()).isEqualTo(200);
		assertThat(inSecond.status()).as(inSecond.toString()).isEqualTo(200);
		assertThat(inSecond.string("event_id")).isNotEqualTo(inFirst.string("event_id"));
		MatrixClient.Response stored = alice.get(room(second) + "/event/" + MatrixClient.encode(inSecond.string("event_id")));
		assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
		assertThat(MatrixClient.body(stored.body())).isEqualTo("two");
	}

	@Test
	void theSameTransactionIdTwiceInOneRoomAnswersTheSameEvent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String txnId = MatrixClient.nextTxn();
		MatrixClient.Response first = alice.send(roomId, "m.room.message", txnId, Map.of("body", "once"));
		MatrixClient.Response again = alice.send(roomId, "m.room.message", txnId, Map.of("body", "once"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.string("event_id")).isEqualTo(first.string("event_id"));
	}

	@Test
	void sendAndRedactWithTheSameTransactionIdAreIndependent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String txnId = MatrixClient.nextTxn();
		MatrixClient.Response sent = alice.send(roomId, "m.room.message", txnId, Map.of("body", "to redact"));
		String messageId = sent.string("event_id");
		MatrixClient.Response redaction = alice
			.put(room(roomId) + "/redact/" + MatrixClient.encode(messageId) + "/" + txnId, Map.of());
		assertThat(redaction.status()).as(redaction.toString()).isEqualTo(200);
		assertThat(redaction.string("event_id")).isNotEqualTo(messageId);
		MatrixClient.Response redacted = alice.get(room(roomId) + "/event/" + MatrixClient.encode(messageId));
		assertThat(MatrixClient.body(redacted.body())).isNull();
	}

	@Test
	void aRepeatedRedactAnswersTheSameRedactionEvent() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String messageId = alice.sendMessage(roomId, "to redact");
		String path = room(roomId) + "/redact/" + MatrixClient.encode(messageId) + "/" + MatrixClient.nextTxn();
		MatrixClient.Response first = alice.put(path, Map.of("reason", "typo"));
		MatrixClient.Response again = alice.put(path, Map.of("reason", "typo"));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.string("event_id")).isEqualTo(first.string("event_id"));
	}

	@Test
	void anotherDeviceOfTheSameUserHasItsOwnTransactions() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"), "correct horse battery staple");
		MatrixClient laptop = client().login(alice.userId(), "correct horse battery staple");
		String roomId = alice.createRoom(Map.of());
		String txnId = MatrixClient.nextTxn();
		MatrixClient.Response first = alice.send(roomId, "m.room.message", txnId, Map.of("body", "phone"));
		MatrixClient.Response second = laptop.send(roomId, "m.room.message", txnId, Map.of("body", "laptop"));
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.string("event_id")).isNotEqualTo(first.string("event_id"));
	}

}

package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction ID is remembered for {@code homeserver.transactions.ttl}, then it is a new request.
 */
@TestPropertySource(properties = "homeserver.transactions.ttl=1ms")
class TransactionExpiryTests extends HomeserverTestSupport {

	@Test
	void aTransactionIdOlderThanItsTimeToLiveIsANewRequest() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		String txnId = MatrixClient.nextTxn();
		MatrixClient.Response first = alice.send(roomId, "m.room.message", txnId, Map.of("body", "one"));
		long sentAt = System.nanoTime();
		while (System.nanoTime() - sentAt < 5_000_000L) {
			Thread.onSpinWait();
		}
		MatrixClient.Response again = alice.send(roomId, "m.room.message", txnId, Map.of("body", "one"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.string("event_id")).isNotEqualTo(first.string("event_id"));
	}

}

package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnreadCountsTests extends HomeserverTestSupport {

	@SuppressWarnings("unchecked")
	static Map<String, Object> unread(MatrixClient.Response sync, String roomId) {
		Map<String, Object> join = (Map<String, Object>) sync.map("rooms").get("join");
		Map<String, Object> room = (Map<String, Object>) join.get(roomId);
		return (Map<String, Object>) room.get("unread_notifications");
	}

	private String groupRoom(MatrixClient alice, MatrixClient... others) {
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		for (MatrixClient other : others) {
			assertThat(other.join(roomId).status()).isEqualTo(200);
		}
		return roomId;
	}

	@Test
	void messagesAfterTheReadReceiptAreUnreadNotifications() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = groupRoom(alice, bob, carol);
		String first = bob.sendMessage(roomId, "one");
		bob.sendMessage(roomId, "two");
		alice.sendMessage(roomId, "my own message does not count");
		assertThat(unread(alice.sync(null, 0), roomId)).containsEntry("notification_count", 2)
			.containsEntry("highlight_count", 0);
		String since = alice.sync(null, 0).string("next_batch");
		assertThat(ReceiptsTests.receipt(alice, roomId, "m.read", first, Map.of()).status()).isEqualTo(200);
		MatrixClient.Response afterReceipt = alice.sync(since, 0);
		assertThat(unread(afterReceipt, roomId)).containsEntry("notification_count", 1);
		// Everyone's own messages are left out: Bob has Alice's one, Carol all three.
		assertThat(unread(bob.sync(null, 0), roomId)).containsEntry("notification_count", 1);
		assertThat(unread(carol.sync(null, 0), roomId)).containsEntry("notification_count", 3);
	}

	@Test
	void aMessageThatMentionsTheUserHighlights() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = groupRoom(alice, bob, carol);
		MatrixClient.Response sent = bob.send(roomId, "m.room.message", MatrixClient.nextTxn(), Map.of("msgtype",
				"m.text", "body", "Alice, look", "m.mentions", Map.of("user_ids", List.of(alice.userId()))));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		assertThat(unread(alice.sync(null, 0), roomId)).containsEntry("notification_count", 1)
			.containsEntry("highlight_count", 1);
		assertThat(unread(carol.sync(null, 0), roomId)).containsEntry("notification_count", 1)
			.containsEntry("highlight_count", 0);
	}

	@Test
	void noticesAreNotNotifications() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = groupRoom(alice, bob);
		bob.send(roomId, "m.room.message", MatrixClient.nextTxn(), Map.of("msgtype", "m.notice", "body", "bot"));
		assertThat(unread(alice.sync(null, 0), roomId)).containsEntry("notification_count", 0);
	}

	@Test
	void theMasterRuleSilencesEverything() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = groupRoom(alice, bob);
		MatrixClient.Response master = alice.put("/_matrix/client/v3/pushrules/global/override/.m.rule.master/enabled",
				Map.of("enabled", true));
		assertThat(master.status()).as(master.toString()).isEqualTo(200);
		bob.sendMessage(roomId, "unheard");
		assertThat(unread(alice.sync(null, 0), roomId)).containsEntry("notification_count", 0);
	}

}

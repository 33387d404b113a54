package org.modulehost.homeserver;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.modules.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What modules get on a user's behalf respects history visibility: {@code addFieldToUnsigned}
 * runs only on the events the user is given.
 */
class HistoryVisibilityModuleTests extends WithTestModules {

	@Test
	void addFieldToUnsignedNeverSeesEventsHiddenFromTheReader() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		MatrixClient.Response joined = alice.put(room(roomId) + "/state/m.room.history_visibility",
				Map.of("history_visibility", "joined"));
		assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
		String hidden = alice.sendMessage(roomId, "before bob");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String shown = alice.sendMessage(roomId, "after bob");
		assertThat(bob.sync(null, 0).status()).isEqualTo(200);
		MatrixClient.Response messages = bob.get(room(roomId) + "/messages?dir=b&limit=50");
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
		MatrixClient.Response event = bob.get(room(roomId) + "/event/" + MatrixClient.encode(hidden));
		assertThat(event.status()).as(event.toString()).isEqualTo(403);
		assertThat(event.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(Recorder.called("addFieldToUnsigned " + shown)).isTrue();
		assertThat(Recorder.called("addFieldToUnsigned " + hidden)).isFalse();
	}

}

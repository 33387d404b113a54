package org.modulehost.homeserver;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.api.MatrixError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The event size limit (65,536 bytes of canonical JSON) on what modules put into rooms: events
 * they send through the module API, and content their {@code checkEventAllowed} puts in place
 * of a client's.
 */
class ModuleEventLimitsTests extends WithTestModules {

	@Test
	void anEventAModuleSendsOverTheSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		CompletionException thrown = catchThrowableOfType(CompletionException.class,
				() -> probeApi()
					.createAndSendEventIntoRoom(Map.of("type", "m.room.message", "room_id", roomId, "sender",
							alice.userId(), "content", Map.of("msgtype", "m.text", "body", "x".repeat(70_000))))
					.toCompletableFuture()
					.join());
		assertThat(thrown).as("the module's send completed").isNotNull();
		assertThat(thrown.getCause()).isInstanceOfSatisfying(MatrixError.class, (error) -> {
			assertThat(error.httpStatus()).isEqualTo(413);
			assertThat(error.errcode()).isEqualTo("M_TOO_LARGE");
		});
	}

	@Test
	void contentAModuleReplacesOverTheSizeLimitIsRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		String roomId = alice.createRoom(Map.of());
		MatrixClient.Response refused = alice.send(roomId, "m.room.message", MatrixClient.nextTxn(),
				Map.of("msgtype", "m.text", "body", "inflate me"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
	}

}

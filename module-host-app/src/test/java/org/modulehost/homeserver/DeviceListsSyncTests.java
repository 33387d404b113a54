package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.sync.Notifier;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code device_lists} of an incremental {@code /sync} and {@code /keys/changes}: new keys, a
 * new sign-in and a deleted device of a user sharing a room are changes (the user's own too), a
 * new room member is a change, a member one no longer shares a room with is {@code left}; a
 * change wakes a long poll. Unrelated users learn nothing.
 */
class DeviceListsSyncTests extends HomeserverTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Notifier notifier;

	@Test
	void newKeysOfARoomMemberAreAChangeButNotForUnrelatedUsers() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String bobSince = bob.sync(null, 0).string("next_batch");
		String carolSince = carol.sync(null, 0).string("next_batch");
		TestKeys.uploadDeviceKeys(alice);
		assertThat(changed(bob.sync(bobSince, 0))).containsExactly(alice.userId());
		assertThat(changed(carol.sync(carolSince, 0))).isEmpty();
		MatrixClient.Response changes = bob.get("/_matrix/client/v3/keys/changes?from=" + bobSince);
		assertThat(changes.status()).isEqualTo(200);
		assertThat(changes.body().get("changed")).isEqualTo(List.of(alice.userId()));
		assertThat(changes.body().get("left")).isEqualTo(List.of());
	}

	@Test
	void theSameKeysAgainAreNoChange() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		TestKeys.uploadDeviceKeys(alice);
		String since = bob.sync(null, 0).string("next_batch");
		TestKeys.uploadDeviceKeys(alice);
		assertThat(changed(bob.sync(since, 0))).isEmpty();
	}

	@Test
	void aNewSignInOfAMemberIsAChangeAndSoIsTheUsersOwnNewDevice() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String bobSince = bob.sync(null, 0).string("next_batch");
		String aliceSince = alice.sync(null, 0).string("next_batch");
		client().login(alice.userId(), PASSWORD);
		assertThat(changed(bob.sync(bobSince, 0))).containsExactly(alice.userId());
		assertThat(changed(alice.sync(aliceSince, 0))).containsExactly(alice.userId());
	}

	@Test
	void aDeletedDeviceLosesItsKeysAndIsAChange() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient phone = client().login(alice.userId(), PASSWORD);
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		TestKeys.uploadDeviceKeys(phone);
		assertThat(phone.post(TestKeys.UPLOAD, Map.of("one_time_keys",
				Map.of("signed_curve25519:AAAA", TestKeys.signedKey(phone, "k1")))).status()).isEqualTo(200);
		String since = bob.sync(null, 0).string("next_batch");
		assertThat(phone.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
		assertThat(changed(bob.sync(since, 0))).containsExactly(alice.userId());
		MatrixClient.Response query = bob.post(TestKeys.QUERY, Map.of("device_keys", Map.of(alice.userId(), List.of())));
		assertThat(KeysUploadQueryTests.devices(query, alice.userId())).isEmpty();
		MatrixClient.Response claim = bob.post(TestKeys.CLAIM, Map.of("one_time_keys",
				Map.of(alice.userId(), Map.of(phone.deviceId(), "signed_curve25519"))));
		assertThat(claim.map("one_time_keys")).isEmpty();
	}

	@Test
	void aNewMemberIsAChangeAndAMemberWhoLeftTheLastSharedRoomIsLeft() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		String since = alice.sync(null, 0).string("next_batch");
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		MatrixClient.Response joined = alice.sync(since, 0);
		assertThat(changed(joined)).containsExactly(bob.userId());
		assertThat(bob.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/leave", Map.of()).status())
			.isEqualTo(200);
		MatrixClient.Response left = alice.sync(joined.string("next_batch"), 0);
		assertThat(left.map("device_lists").get("left")).isEqualTo(List.of(bob.userId()));
		assertThat(changed(left)).isEmpty();
	}

	@Test
	void aKeyChangeWakesTheLongPollOfARoomMember() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		assertThat(bob.join(roomId).status()).isEqualTo(200);
		String since = bob.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);
		TestKeys.uploadDeviceKeys(alice);
		assertThat(changed(poll.get(10, TimeUnit.SECONDS))).containsExactly(alice.userId());
	}

	@Test
	void anInitialSyncHasNoDeviceListChanges() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		TestKeys.uploadDeviceKeys(alice);
		assertThat(changed(alice.sync(null, 0))).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static List<String> changed(MatrixClient.Response sync) {
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		return (List<String>) sync.map("device_lists").get("changed");
	}

}

package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.sync.Notifier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /sendToDevice} and the {@code to_device} section of {@code /sync}: a message reaches each
 * named device once, in order, a few per response, and is deleted once the device synced past
 * it; a repeated transaction is stored once; the recipient's long poll wakes; oversized,
 * overlong, malformed and too frequent requests are refused.
 */
@TestPropertySource(properties = { "homeserver.e2ee.max-to-device-messages-per-sync=3",
		"homeserver.e2ee.max-to-device-message-size=1KB", "homeserver.e2ee.max-to-device-recipients=5",
		"homeserver.ratelimit.to-device.per-second=0.01", "homeserver.ratelimit.to-device.burst-count=8",
		"homeserver.e2ee.max-one-time-keys-per-device=3" })
class SendToDeviceTests extends HomeserverTestSupport {

	@Autowired
	Notifier notifier;

	@Test
	void aMessageReachesTheNamedDeviceOnceAndIsDeletedAfterTheNextSync() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient bobPhone = client().login(bob.userId(), "correct horse battery staple");
		String since = bob.sync(null, 0).string("next_batch");
		assertThat(send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", 1)))).status()).isEqualTo(200);
		MatrixClient.Response first = bob.sync(since, 0);
		assertThat(toDevice(first)).containsExactly(Map.of("sender", alice.userId(), "type", "m.test",
				"content", Map.of("n", 1)));
		// Not yet acknowledged: the same token gets it again.
		assertThat(toDevice(bob.sync(since, 0))).hasSize(1);
		assertThat(toDevice(bob.sync(first.string("next_batch"), 0))).isEmpty();
		assertThat(toDevice(bob.sync(since, 0))).isEmpty();
		assertThat(toDevice(bobPhone.sync(null, 0))).isEmpty();
	}

	@Test
	void aStarReachesEveryDeviceOfTheUser() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient bobPhone = client().login(bob.userId(), "correct horse battery staple");
		assertThat(send(alice, Map.of(bob.userId(), Map.of("*", Map.of("n", 2)))).status()).isEqualTo(200);
		assertThat(toDevice(bob.sync(null, 0))).hasSize(1);
		assertThat(toDevice(bobPhone.sync(null, 0))).hasSize(1);
	}

	@Test
	void aRepeatedTransactionIsStoredOnce() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		Map<String, Object> body = Map.of("messages", Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", 3))));
		String path = "/_matrix/client/v3/sendToDevice/m.test/same-txn";
		assertThat(alice.put(path, body).status()).isEqualTo(200);
		assertThat(alice.put(path, body).status()).isEqualTo(200);
		assertThat(toDevice(bob.sync(null, 0))).hasSize(1);
	}

	@Test
	void messagesBeyondTheLimitComeWithTheNextSyncInOrder() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		for (int n = 0; n < 5; n++) {
			assertThat(send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", n)))).status())
				.isEqualTo(200);
		}
		MatrixClient.Response first = bob.sync(null, 0);
		MatrixClient.Response second = bob.sync(first.string("next_batch"), 0);
		MatrixClient.Response third = bob.sync(second.string("next_batch"), 0);
		List<Object> numbers = new ArrayList<>();
		for (MatrixClient.Response sync : List.of(first, second, third)) {
			toDevice(sync).forEach((event) -> numbers.add(MatrixClient.content(event).get("n")));
		}
		assertThat(toDevice(first)).hasSize(3);
		assertThat(numbers).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void aMessageWakesTheRecipientsLongPoll() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String since = bob.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = bob.syncAsync(since, 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);
		send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", 4))));
		MatrixClient.Response sync = poll.get(10, TimeUnit.SECONDS);
		assertThat(toDevice(sync)).hasSize(1);
	}

	@Test
	void aTokenWithoutTheDevicesPositionIsStillAcceptedAndASyncTokenPaginates() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = bob.createRoom(Map.of("preset", "private_chat"));
		String token = bob.sync(null, 0).string("next_batch");
		assertThat(token).matches("s[0-9]+(_[a-z][0-9]+)*_d[0-9]+(_[a-z][0-9]+)*");
		MatrixClient.Response messages = bob.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId)
				+ "/messages?dir=b&from=" + token);
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
		assertThat(bob.get("/_matrix/client/v3/keys/changes?from=" + token).status()).isEqualTo(200);
		send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", 5))));
		MatrixClient.Response old = bob.sync(token.substring(0, token.indexOf('_')), 0);
		assertThat(old.status()).isEqualTo(200);
		assertThat(toDevice(old)).hasSize(1);
	}

	@Test
	void tooLargeMessagesAndTooManyRecipientsAreRefused() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient.Response large = send(alice,
				Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("padding", "x".repeat(2000)))));
		assertThat(large.status()).isEqualTo(413);
		assertThat(large.errcode()).isEqualTo("M_TOO_LARGE");
		Map<String, Object> many = new LinkedHashMap<>();
		for (int i = 0; i < 6; i++) {
			many.put("DEVICE" + i, Map.of("n", i));
		}
		MatrixClient.Response tooMany = send(alice, Map.of(bob.userId(), many));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.errcode()).isEqualTo("M_INVALID_PARAM");
		assertThat(toDevice(bob.sync(null, 0))).isEmpty();
	}

	@Test
	void anOverlongTransactionIdOrEventTypeIsRefusedNotAServerError() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> body = Map.of("messages", Map.of(alice.userId(), Map.of("*", Map.of())));
		MatrixClient.Response longTxn = alice.put("/_matrix/client/v3/sendToDevice/m.test/" + "t".repeat(300), body);
		assertThat(longTxn.status()).isEqualTo(400);
		assertThat(longTxn.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response longType = alice.put("/_matrix/client/v3/sendToDevice/" + "m".repeat(1100) + "/t1", body);
		assertThat(longType.status()).isEqualTo(400);
		assertThat(longType.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void malformedMessagesAreRefusedAndUnknownRecipientsIgnored() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient.Response missing = alice.put(path(), Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response notObject = send(alice, Map.of(alice.userId(), "hello"));
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(notObject.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response contentNotObject = send(alice, Map.of(alice.userId(), Map.of("*", 5)));
		assertThat(contentNotObject.status()).isEqualTo(400);
		assertThat(contentNotObject.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response badUser = send(alice, Map.of("bob", Map.of("*", Map.of())));
		assertThat(badUser.status()).isEqualTo(400);
		assertThat(badUser.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response unknown = send(alice, Map.of("@ghost:localhost", Map.of("*", Map.of()),
				"@remote:elsewhere.example", Map.of("D", Map.of())));
		assertThat(unknown.status()).isEqualTo(200);
	}

	/** In this class, as the one with small limits: a device may store 3 one-time keys. */
	@Test
	void aDeviceMayNotStoreMoreOneTimeKeysThanTheLimit() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		assertThat(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", Map.of("signed_curve25519:A1",
				TestKeys.signedKey(alice, "k1"), "signed_curve25519:A2", TestKeys.signedKey(alice, "k2")))).status())
			.isEqualTo(200);
		MatrixClient.Response tooMany = alice.post(TestKeys.UPLOAD, Map.of("one_time_keys",
				Map.of("signed_curve25519:A3", TestKeys.signedKey(alice, "k3"), "signed_curve25519:A4",
						TestKeys.signedKey(alice, "k4"))));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response oneMore = alice.post(TestKeys.UPLOAD,
				Map.of("one_time_keys", Map.of("signed_curve25519:A3", TestKeys.signedKey(alice, "k3"))));
		assertThat(oneMore.status()).isEqualTo(200);
		assertThat(oneMore.map("one_time_key_counts")).containsEntry("signed_curve25519", 3);
	}

	@Test
	void aDeviceSendingTooOftenIsRateLimited() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		for (int i = 0; i < 8; i++) {
			assertThat(send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", i)))).status())
				.isEqualTo(200);
		}
		MatrixClient.Response limited = send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of())));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(limited.body()).containsKey("retry_after_ms");
	}

	@Test
	void aLoggedOutDeviceLosesItsInbox() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		send(alice, Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("n", 6))));
		assertThat(bob.post("/_matrix/client/v3/logout", Map.of()).status()).isEqualTo(200);
		MatrixClient again = client().login(bob.userId(), "correct horse battery staple");
		assertThat(toDevice(again.sync(null, 0))).isEmpty();
	}

	private static String path() {
		return "/_matrix/client/v3/sendToDevice/m.test/" + MatrixClient.nextTxn();
	}

	private static MatrixClient.Response send(MatrixClient sender, Map<String, Object> messages) {
		return sender.put(path(), Map.of("messages", messages));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> toDevice(MatrixClient.Response sync) {
		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		return (List<Map<String, Object>>) sync.map("to_device").get("events");
	}

}

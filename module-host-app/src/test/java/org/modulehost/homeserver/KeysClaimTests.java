package org.modulehost.homeserver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /keys/claim}: each one-time key is handed out once, also to claims running at the same
 * time; then the fallback key, marked used; a device without keys, or that does not exist, is
 * left out of the answer.
 */
class KeysClaimTests extends HomeserverTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void eachOneTimeKeyIsHandedOutOnceAndThenTheFallbackKeyMarkedUsed() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		assertThat(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys",
				Map.of("signed_curve25519:AAAA", TestKeys.signedKey(alice, "k1"), "signed_curve25519:AAAB",
						TestKeys.signedKey(alice, "k2")),
				"fallback_keys", Map.of("signed_curve25519:FFFF", TestKeys.signedKey(alice, "f1"))))
			.status()).isEqualTo(200);
		double fallbacks = claimCount("fallback");
		Set<Object> handedOut = new HashSet<>();
		handedOut.add(claimed(claim(bob, alice)));
		handedOut.add(claimed(claim(bob, alice)));
		assertThat(handedOut).containsExactlyInAnyOrder("signed_curve25519:AAAA", "signed_curve25519:AAAB");
		MatrixClient.Response fallback = claim(bob, alice);
		assertThat(claimed(fallback)).isEqualTo("signed_curve25519:FFFF");
		assertThat(claimed(claim(bob, alice))).isEqualTo("signed_curve25519:FFFF");
		assertThat(claimCount("fallback")).isEqualTo(fallbacks + 2);
		MatrixClient.Response sync = alice.sync(null, 0);
		assertThat(sync.map("device_one_time_keys_count")).containsEntry("signed_curve25519", 0);
		assertThat(sync.body().get("device_unused_fallback_key_types")).isEqualTo(List.of());
	}

	@Test
	void parallelClaimsNeverGetTheSameKey() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		Map<String, Object> keys = new LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			keys.put("signed_curve25519:K" + (100 + i), TestKeys.signedKey(alice, "k" + i));
		}
		assertThat(alice.post(TestKeys.UPLOAD, Map.of("one_time_keys", keys)).status()).isEqualTo(200);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<MatrixClient.Response>> claims = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				claims.add(CompletableFuture.supplyAsync(() -> claim(bob, alice), threads));
			}
			List<Object> handedOut = new ArrayList<>();
			for (CompletableFuture<MatrixClient.Response> claim : claims) {
				MatrixClient.Response response = claim.get();
				assertThat(response.status()).isEqualTo(200);
				Object keyId = claimed(response);
				if (keyId != null) {
					handedOut.add(keyId);
				}
			}
			assertThat(handedOut).hasSize(20).doesNotHaveDuplicates();
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void parallelUploadsOfTheSameKeysAllSucceedAndStoreThemOnce() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		Map<String, Object> keys = new LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			keys.put("signed_curve25519:U" + (100 + i), TestKeys.signedKey(alice, "u" + i));
		}
		Map<String, Object> body = Map.of("one_time_keys", keys, "fallback_keys",
				Map.of("signed_curve25519:FB", TestKeys.signedKey(alice, "fb")));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<MatrixClient.Response>> uploads = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				uploads.add(CompletableFuture.supplyAsync(() -> alice.post(TestKeys.UPLOAD, body), threads));
			}
			for (CompletableFuture<MatrixClient.Response> upload : uploads) {
				MatrixClient.Response response = upload.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(alice.sync(null, 0).map("device_one_time_keys_count")).containsEntry("signed_curve25519", 20);
	}

	@Test
	void aDeviceThatDoesNotExistOrHasNoKeysIsLeftOut() {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient.Response response = bob.post(TestKeys.CLAIM, Map.of("one_time_keys",
				Map.of(alice.userId(), Map.of("NOSUCHDEVICE", "signed_curve25519", alice.deviceId(),
						"signed_curve25519"), "@ghost:localhost", Map.of("X", "signed_curve25519"))));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.map("one_time_keys")).isEmpty();
		assertThat(response.map("failures")).isEmpty();
	}

	@Test
	void remoteUsersAreFailuresAndMalformedClaimsAreRefused() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient.Response remote = bob.post(TestKeys.CLAIM,
				Map.of("one_time_keys", Map.of("@a:elsewhere.example", Map.of("D", "signed_curve25519"))));
		assertThat(remote.status()).isEqualTo(200);
		assertThat(remote.map("failures")).containsKey("elsewhere.example");
		MatrixClient.Response missing = bob.post(TestKeys.CLAIM, Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response notObject = bob.post(TestKeys.CLAIM, Map.of("one_time_keys", Map.of(bob.userId(), "x")));
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(notObject.errcode()).isEqualTo("M_BAD_JSON");
		MatrixClient.Response badAlgorithm = bob.post(TestKeys.CLAIM,
				Map.of("one_time_keys", Map.of(bob.userId(), Map.of("D", 7))));
		assertThat(badAlgorithm.status()).isEqualTo(400);
		assertThat(badAlgorithm.errcode()).isEqualTo("M_BAD_JSON");
	}

	private double claimCount(String outcome) {
		return this.meters.get("homeserver.e2ee.keys.claimed").tag("outcome", outcome).counter().count();
	}

	private static MatrixClient.Response claim(MatrixClient claimer, MatrixClient owner) {
		return claimer.post(TestKeys.CLAIM, Map.of("one_time_keys",
				Map.of(owner.userId(), Map.of(owner.deviceId(), "signed_curve25519")), "timeout", 10000));
	}

	/** The ID of the one key a claim got, or {@code null}. */
	@SuppressWarnings("unchecked")
	private static Object claimed(MatrixClient.Response response) {
		Map<String, Object> byUser = response.map("one_time_keys");
		if (byUser.isEmpty()) {
			return null;
		}
		Map<String, Object> byDevice = (Map<String, Object>) byUser.values().iterator().next();
		Map<String, Object> keys = (Map<String, Object>) byDevice.values().iterator().next();
		assertThat(keys).hasSize(1);
		return keys.keySet().iterator().next();
	}

}

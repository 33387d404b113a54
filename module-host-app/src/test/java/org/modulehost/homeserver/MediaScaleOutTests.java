package org.modulehost.homeserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two homeserver instances sharing one PostgreSQL database and one media directory, as
 * {@code docs/homeserver.md} ("Media repository") sets them up: media uploaded through one is
 * served by the other, and an asynchronous upload may be created on one and filled on the other.
 * Skipped unless {@code MODULEHOST_TEST_POSTGRES_URL} (with {@code _USER}, {@code _PASSWORD}) is
 * set, as CI always does.
 */
class MediaScaleOutTests {

	private static Path media;

	private static TwoInstances instances;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() throws IOException {
		assumeTrue(HomeserverTestSupport.TestDatabase.postgres(),
				"Needs PostgreSQL: set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD (CI does)");
		media = Files.createTempDirectory("media-scale-out");
		instances = TwoInstances.start("hs_media_", "homeserver.media.store-path=" + media);
		first = instances.first();
		second = instances.second();
	}

	@AfterAll
	static void stopTheInstances() {
		if (instances != null) {
			instances.close();
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return TwoInstances.port(context);
	}

	@Test
	void mediaUploadedThroughOneInstanceIsServedByTheOther() {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		byte[] bytes = "shared media".getBytes(StandardCharsets.UTF_8);
		String mediaId = new MediaRequests(port(first)).upload(alice.accessToken(), bytes, "text/plain", null).mediaId();
		MediaRequests.Reply download = new MediaRequests(port(second)).get(alice.accessToken(),
				"/_matrix/client/v1/media/download/localhost/" + mediaId);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.bytes()).isEqualTo(bytes);
	}

	@Test
	void anIdCreatedOnOneInstanceIsFilledOnTheOtherWhileAThirdRequestWaitsForIt() throws Exception {
		MatrixClient alice = MatrixClient.at(port(first)).register(MatrixClient.unique("alice"));
		String mediaId = new MediaRequests(port(first)).post(alice.accessToken(), "/_matrix/media/v1/create").mediaId();
		CompletableFuture<MediaRequests.Reply> waiting = CompletableFuture
			.supplyAsync(() -> new MediaRequests(port(first)).get(alice.accessToken(),
					"/_matrix/client/v1/media/download/localhost/" + mediaId + "?timeout_ms=30000"));
		MediaRequests.Reply put = new MediaRequests(port(second)).put(alice.accessToken(),
				"/_matrix/media/v3/upload/localhost/" + mediaId, "later".getBytes(StandardCharsets.UTF_8),
				"text/plain");
		assertThat(put.status()).isEqualTo(200);
		MediaRequests.Reply download = waiting.get();
		assertThat(download.status()).isEqualTo(200);
		assertThat(new String(download.bytes(), StandardCharsets.UTF_8)).isEqualTo("later");
		MediaRequests.Reply again = new MediaRequests(port(first)).put(alice.accessToken(),
				"/_matrix/media/v3/upload/localhost/" + mediaId, new byte[] { 1 }, "text/plain");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.errcode()).isEqualTo("M_CANNOT_OVERWRITE_MEDIA");
	}

}

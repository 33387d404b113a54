package org.modulehost.homeserver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.media.MediaProperties;
import org.modulehost.homeserver.modules.Recorder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media callbacks at Synapse's call sites ({@code TestMediaCallbacks}), the configured limits
 * over time periods, the expiry of created media IDs, {@code rc_media_create} and the legacy
 * endpoints switched off.
 */
@TestPropertySource(properties = { "modules[0].module=org.modulehost.homeserver.modules.TestMediaCallbacks",
		"homeserver.media.upload-limits[0].max-size=150B", "homeserver.media.upload-limits[0].time-period=1d",
		"homeserver.media.unused-expiration=1ms", "homeserver.media.legacy-endpoints-enabled=false",
		"homeserver.ratelimit.media-create.per-second=0.001", "homeserver.ratelimit.media-create.burst-count=2" })
class MediaCallbackTests extends HomeserverTestSupport {

	@Autowired
	MediaProperties mediaProperties;

	MediaRequests media() {
		return new MediaRequests(this.port);
	}

	MatrixClient user(String prefix) {
		return client().register(MatrixClient.unique(prefix));
	}

	@Test
	void aModulesMediaConfigurationIsTheWholeAnswerAndAnEmptyOneFallsThrough() {
		MediaRequests.Reply big = media().get(user("bigconfig").accessToken(), "/_matrix/client/v1/media/config");
		assertThat(big.status()).isEqualTo(200);
		assertThat(big.json()).containsOnlyKeys("m.upload.size").containsEntry("m.upload.size", 123);
		MediaRequests.Reply empty = media().get(user("emptyconfig").accessToken(), "/_matrix/client/v1/media/config");
		assertThat(empty.json()).containsEntry("m.upload.size", (int) this.mediaProperties.getMaxUploadSize().toBytes());
	}

	@Test
	void aUserAModuleForbidsToUploadThatSizeGetsTooLargeAndNothingIsStored() {
		MatrixClient user = user("nomedia");
		MediaRequests.Reply refused = media().upload(user.accessToken(), new byte[] { 1, 2, 3 }, "text/plain", null);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		assertThat(Recorder.calls()).contains("isUserAllowedToUploadMediaOfSize:" + user.userId() + ":3");
		assertThat(Recorder.calls()).noneMatch((call) -> call.startsWith("checkMediaFileForSpam:")
				&& call.contains(":3:text/plain:") && call.contains(user.userId()));
	}

	@Test
	void aModulesLimitReplacesTheConfiguredOneAndItsRefusalIsReported() {
		MatrixClient user = user("quota");
		assertThat(media().upload(user.accessToken(), new byte[80], "application/octet-stream", null).status())
			.isEqualTo(200);
		MediaRequests.Reply refused = media().upload(user.accessToken(), new byte[80], "application/octet-stream",
				null);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_RESOURCE_LIMIT_EXCEEDED");
		assertThat(Recorder.calls()).contains("onMediaUploadLimitExceeded:" + user.userId() + ":100:80:80");
	}

	@Test
	void theConfiguredLimitCountsStoredUploadsInItsPeriod() {
		MatrixClient user = user("plain");
		assertThat(media().upload(user.accessToken(), new byte[100], "application/octet-stream", null).status())
			.isEqualTo(200);
		MediaRequests.Reply refused = media().upload(user.accessToken(), new byte[60], "application/octet-stream",
				null);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("M_RESOURCE_LIMIT_EXCEEDED");
		assertThat(Recorder.calls()).contains("onMediaUploadLimitExceeded:" + user.userId() + ":150:100:60");
		assertThat(media().upload(user.accessToken(), new byte[50], "application/octet-stream", null).status())
			.isEqualTo(200);
	}

	@Test
	void spamMediaIsDeletedAndRefusedWithTheModulesErrcode() throws Exception {
		MatrixClient user = user("spammer");
		byte[] spam = new byte[100];
		Arrays.fill(spam, (byte) 'x');
		System.arraycopy("SPAM".getBytes(StandardCharsets.US_ASCII), 0, spam, 0, 4);
		long before = MediaRequests.files(Path.of(this.mediaProperties.getStorePath()).resolve("local_content")).size();
		MediaRequests.Reply refused = media().upload(user.accessToken(), spam, "text/plain", "filename=junk.txt");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errcode()).isEqualTo("ORG_EXAMPLE_SPAM_FILE");
		assertThat(refused.json()).containsEntry("why", "spam");
		assertThat(MediaRequests.files(Path.of(this.mediaProperties.getStorePath()).resolve("local_content"))).hasSize((int) before);
		assertThat(Recorder.calls()).anyMatch((call) -> call.startsWith("checkMediaFileForSpam:")
				&& call.endsWith(":100:text/plain:junk.txt:read=4"));
		MediaRequests.Reply ham = media().upload(user.accessToken(), "ham".getBytes(StandardCharsets.US_ASCII),
				"text/plain", null);
		assertThat(ham.status()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("checkMediaFileForSpam:" + ham.mediaId() + ":3:text/plain:null:read=3");
	}

	@Test
	void aCreatedIdExpiresUnusedAndCreationIsRateLimited() {
		MatrixClient user = user("creator");
		MediaRequests.Reply created = media().post(user.accessToken(), "/_matrix/media/v1/create");
		assertThat(created.status()).isEqualTo(200);
		// unused-expiration is 1ms: the ID is gone by the time it is used.
		MediaRequests.Reply expired = media().put(user.accessToken(),
				"/_matrix/media/v3/upload/localhost/" + created.mediaId(), new byte[] { 1 }, "text/plain");
		assertThat(expired.status()).isEqualTo(404);
		assertThat(expired.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(media().post(user.accessToken(), "/_matrix/media/v1/create").status()).isEqualTo(200);
		MediaRequests.Reply limited = media().post(user.accessToken(), "/_matrix/media/v1/create");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
		assertThat(limited.json()).containsKey("retry_after_ms");
	}

	@Test
	void theLegacyEndpointsCanBeSwitchedOff() {
		MatrixClient user = user("legacy");
		String mediaId = media().upload(user.accessToken(), new byte[] { 1 }, "text/plain", null).mediaId();
		MediaRequests.Reply legacy = media().get(null, "/_matrix/media/v3/download/localhost/" + mediaId);
		assertThat(legacy.status()).isEqualTo(404);
		assertThat(legacy.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(media().get(user.accessToken(), "/_matrix/client/v1/media/download/localhost/" + mediaId).status())
			.isEqualTo(200);
	}

}

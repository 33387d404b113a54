package org.modulehost.homeserver.modules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MediaContent;
import org.modulehost.homeserver.api.MediaFileInfo;
import org.modulehost.homeserver.api.MediaUploadLimit;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;

/**
 * Media callbacks keyed on the user's localpart: {@code bigconfig-} users see their own media
 * configuration, {@code emptyconfig-} users an empty one (which falls through), {@code nomedia-}
 * users may upload nothing, {@code quota-} users 100 bytes a day. Files starting with
 * {@code SPAM} are spam; the check reads four bytes and records how many it read.
 */
public class TestMediaCallbacks implements MediaRepositoryCallbacks, SpamCheckerCallbacks {

	public TestMediaCallbacks(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerMediaRepositoryCallbacks(this);
		api.registerSpamCheckerCallbacks(this);
	}

	@Override
	public CompletionStage<@Nullable Map<String, Object>> getMediaConfigForUser(String userId) {
		if (userId.startsWith("@bigconfig-")) {
			return CompletableFuture.completedFuture(Map.of("m.upload.size", 123));
		}
		if (userId.startsWith("@emptyconfig-")) {
			return CompletableFuture.completedFuture(Map.of());
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Boolean> isUserAllowedToUploadMediaOfSize(String userId, long size) {
		Recorder.record("isUserAllowedToUploadMediaOfSize:" + userId + ":" + size);
		return CompletableFuture.completedFuture(!userId.startsWith("@nomedia-"));
	}

	@Override
	public CompletionStage<@Nullable List<MediaUploadLimit>> getMediaUploadLimitsForUser(String userId) {
		if (userId.startsWith("@quota-")) {
			return CompletableFuture.completedFuture(List.of(new MediaUploadLimit(100, Duration.ofDays(1))));
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<Void> onMediaUploadLimitExceeded(String userId, MediaUploadLimit limit, long sentBytes,
			long attemptedBytes) {
		Recorder.record("onMediaUploadLimitExceeded:" + userId + ":" + limit.maxBytes() + ":" + sentBytes + ":"
				+ attemptedBytes);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<SpamCheck> checkMediaFileForSpam(MediaContent content, MediaFileInfo info) {
		if (info.thumbnail()) {
			return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
		}
		byte[] head;
		try (InputStream in = content.open()) {
			head = in.readNBytes(4);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Recorder.record("checkMediaFileForSpam:" + info.mediaId() + ":" + info.length() + ":" + info.contentType()
				+ ":" + info.uploadName() + ":read=" + head.length);
		if (new String(head, StandardCharsets.US_ASCII).equals("SPAM")) {
			return CompletableFuture.completedFuture(SpamCheck.deny("ORG_EXAMPLE_SPAM_FILE", Map.of("why", "spam")));
		}
		return CompletableFuture.completedFuture(SpamCheck.NOT_SPAM);
	}

}

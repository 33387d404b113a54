package org.modulehost.homeserver.api.callbacks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.MediaUploadLimit;

/**
 * The media repository's per-user configuration and limits, Synapse's {@code media_repository}
 * callbacks. An exception in any of them fails the request (500, or the
 * {@link org.modulehost.homeserver.api.MatrixError} it is), as in Synapse.
 */
@CallbackCategory("media_repository")
public interface MediaRepositoryCallbacks {

	/**
	 * Chooses the media configuration a user sees at {@code GET /_matrix/client/v1/media/config}
	 * (and the legacy {@code /_matrix/media/v3/config}). The first module answering a non-empty
	 * map decides and its map is the whole response body; {@code null} or an empty map (as
	 * Synapse's truthiness test) leaves the decision to the next module, and finally to the
	 * configured {@code m.upload.size}.
	 * @param userId the user asking
	 * @return a stage of the response body, or of {@code null} for the configured one
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable Map<String, Object>> getMediaConfigForUser(String userId) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Tells whether a user may upload a file of a size, asked on each upload before anything is
	 * stored and after the configured maximum upload size was checked. The first {@code false}
	 * (or {@code null}, as in Synapse) refuses the upload with 413 {@code M_TOO_LARGE}; later
	 * modules are not asked.
	 * @param userId the user uploading
	 * @param size the upload's size in bytes, as its {@code Content-Length} declares it (or the
	 * bytes received, for an upload without one, asked once it is complete)
	 * @return a stage of {@code true} to allow the upload
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<Boolean> isUserAllowedToUploadMediaOfSize(String userId, long size) {
		return CompletableFuture.completedFuture(true);
	}

	/**
	 * Chooses the upload limits over time periods that apply to a user, asked on each upload;
	 * they replace the configured {@code homeserver.media.upload-limits}. The first module
	 * answering a list (even empty, which means no limits) decides. The bytes a user uploaded in
	 * each period are counted from the media stored for them.
	 * @param userId the user uploading
	 * @return a stage of the limits, or of {@code null} for the configured ones
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable List<MediaUploadLimit>> getMediaUploadLimitsForUser(String userId) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Learns that an upload was refused by a limit over a time period; every module is told, in
	 * order, then the upload is answered 400 {@code M_RESOURCE_LIMIT_EXCEEDED}. A module's
	 * exception is logged and the next module is told.
	 * @param userId the user uploading
	 * @param limit the limit that refused the upload
	 * @param sentBytes the bytes the user uploaded in the limit's period before this upload
	 * @param attemptedBytes the size of the refused upload
	 * @return a stage completed when the module is done
	 */
	@Callback(combine = Combine.ALL, onError = OnError.SKIP)
	default CompletionStage<Void> onMediaUploadLimitExceeded(String userId, MediaUploadLimit limit, long sentBytes,
			long attemptedBytes) {
		return CompletableFuture.completedFuture(null);
	}

}

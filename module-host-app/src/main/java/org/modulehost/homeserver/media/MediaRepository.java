package org.modulehost.homeserver.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.MediaFileInfo;
import org.modulehost.homeserver.api.MediaUploadLimit;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.springframework.core.io.Resource;

/**
 * The media repository: stores uploads after the size checks and limits, asks the spam checkers
 * about the stored file, reserves media IDs for asynchronous uploads, finds media and makes
 * thumbnails. Synapse's {@code MediaRepository}, for local media only.
 */
public final class MediaRepository {

	static final String CANNOT_OVERWRITE_MEDIA = "M_CANNOT_OVERWRITE_MEDIA";

	static final String NOT_YET_UPLOADED = "M_NOT_YET_UPLOADED";

	static final String RESOURCE_LIMIT_EXCEEDED = "M_RESOURCE_LIMIT_EXCEEDED";

	private static final Log logger = LogFactory.getLog(MediaRepository.class);

	private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]+");

	private static final Pattern MXC = Pattern.compile("mxc://([^/]+)/([^/]+)");

	private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private final SecureRandom random = new SecureRandom();

	private final MediaStore store;

	private final MediaStorage storage;

	private final Thumbnailer thumbnailer;

	private final Callbacks callbacks;

	private final MediaProperties properties;

	private final Ratelimiter createLimiter;

	private final Clock clock;

	private final String serverName;

	MediaRepository(MediaStore store, MediaStorage storage, Callbacks callbacks, MediaProperties properties,
			Ratelimiter createLimiter, Clock clock, String serverName) {
		this.store = store;
		this.storage = storage;
		this.thumbnailer = new Thumbnailer(properties.getMaxImagePixels());
		this.callbacks = callbacks;
		this.properties = properties;
		this.createLimiter = createLimiter;
		this.clock = clock;
		this.serverName = serverName;
	}

	/**
	 * Tells whether a URI is an {@code mxc://} URI of media uploaded to this server (and not
	 * quarantined): what a profile's or a room's avatar must be.
	 * @param uri the URI
	 * @return whether it names local, available media
	 */
	public boolean isLocalMedia(String uri) {
		var matcher = MXC.matcher(uri);
		if (!matcher.matches() || !matcher.group(1).equals(this.serverName)
				|| !MEDIA_ID.matcher(matcher.group(2)).matches()) {
			return false;
		}
		return this.store.find(matcher.group(2)).filter((media) -> media.uploaded() && !media.quarantined()).isPresent();
	}

	String serverName() {
		return this.serverName;
	}

	long maxUploadSize() {
		return this.properties.getMaxUploadSize().toBytes();
	}

	/**
	 * Reserves a media ID for an asynchronous upload ({@code POST /_matrix/media/v1/create}).
	 * @return the ID and when it expires unused
	 */
	Reserved reserve(String userId) {
		this.createLimiter.check(userId);
		long now = this.clock.millis();
		long expiration = this.properties.getUnusedExpiration().toMillis();
		if (this.store.pending(userId, now - expiration) >= this.properties.getMaxPendingUploads()) {
			throw new MatrixError(429, Codes.LIMIT_EXCEEDED, "You have too many uploads pending",
					Map.of("retry_after_ms", 60_000L));
		}
		String mediaId = newMediaId();
		this.store.insert(new MediaRecord(mediaId, userId, now, null, null, null, null, null));
		return new Reserved(mediaId, now + expiration);
	}

	/**
	 * Checks that a user may upload to a reserved media ID and claims it for this upload, so
	 * that a concurrent upload to the same ID is refused.
	 */
	void claim(String userId, String mediaId) {
		checkMediaId(mediaId);
		MediaRecord media = this.store.find(mediaId).orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Unknown media ID"));
		if (!media.uploaded() && media.length() == null
				&& media.createdTs() + this.properties.getUnusedExpiration().toMillis() < this.clock.millis()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Unknown media ID");
		}
		if (!media.userId().equals(userId)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "You may not upload to this media ID");
		}
		if (media.uploaded() || media.length() != null || !this.store.claim(mediaId)) {
			throw new MatrixError(409, CANNOT_OVERWRITE_MEDIA, "Media ID already has content");
		}
	}

	/** Gives a claimed media ID back after a failed upload. */
	void release(String mediaId) {
		this.store.release(mediaId);
	}

	/**
	 * Checks an upload's size before its bytes are read: the maximum upload size, the modules'
	 * {@code isUserAllowedToUploadMediaOfSize} and the limits over time periods.
	 * @param userId the uploader
	 * @param size the declared size
	 */
	void checkSize(String userId, long size) {
		if (size > maxUploadSize()) {
			throw tooLarge();
		}
		Boolean allowed = Await.callback(
				this.callbacks.mediaRepository().isUserAllowedToUploadMediaOfSize(userId, size),
				"isUserAllowedToUploadMediaOfSize");
		if (!Boolean.TRUE.equals(allowed)) {
			throw tooLarge();
		}
		List<MediaUploadLimit> limits = Await.callback(
				this.callbacks.mediaRepository().getMediaUploadLimitsForUser(userId), "getMediaUploadLimitsForUser");
		if (limits == null) {
			limits = configuredLimits();
		}
		List<MediaUploadLimit> sorted = new ArrayList<>(limits);
		sorted.sort(Comparator.comparing(MediaUploadLimit::timePeriod).reversed());
		long now = this.clock.millis();
		for (MediaUploadLimit limit : sorted) {
			long sent = this.store.uploadedSince(userId, now - limit.timePeriod().toMillis());
			if (sent + size > limit.maxBytes()) {
				Await.join(this.callbacks.mediaRepository().onMediaUploadLimitExceeded(userId, limit, sent, size));
				throw new MatrixError(400, RESOURCE_LIMIT_EXCEEDED, "Media upload limit exceeded");
			}
		}
	}

	private List<MediaUploadLimit> configuredLimits() {
		return this.properties.getUploadLimits()
			.stream()
			.map((limit) -> new MediaUploadLimit(limit.getMaxSize().toBytes(), limit.getTimePeriod()))
			.toList();
	}

	static MatrixError tooLarge() {
		return new MatrixError(413, Codes.TOO_LARGE, "Upload request body is too large");
	}

	/**
	 * Stores an upload: checks its size (before reading when it is declared), streams it into
	 * the storage (cut off at the maximum upload size), asks the spam checkers, then records it.
	 * On any failure nothing remains of it.
	 * @param upload what is uploaded
	 * @param body the request body
	 * @return the media ID
	 */
	String upload(Upload upload, InputStream body) throws IOException {
		if (upload.declaredLength() >= 0) {
			checkSize(upload.userId(), upload.declaredLength());
		}
		String mediaId = (upload.mediaId() != null) ? upload.mediaId() : newMediaId();
		String key = MediaRecord.contentKey(mediaId);
		long length = this.storage.write(key, new LimitedInputStream(body, maxUploadSize()));
		boolean recorded = false;
		try {
			if (upload.declaredLength() >= 0 && length != upload.declaredLength()) {
				throw new MatrixError(400, Codes.UNKNOWN, "The body is shorter than its Content-Length");
			}
			if (upload.declaredLength() < 0) {
				checkSize(upload.userId(), length);
			}
			MediaFileInfo info = new MediaFileInfo(mediaId, this.serverName, upload.contentType(), length,
					upload.uploadName(), false);
			SpamCheck spam = Await.callback(
					spamChecker().checkMediaFileForSpam(() -> open(key), info), "checkMediaFileForSpam");
			if (spam != null && !spam.isNotSpam()) {
				throw new MatrixError(400, spam.errcode(), "Bad content", spam.additionalFields());
			}
			long now = this.clock.millis();
			if (upload.mediaId() != null) {
				recorded = this.store.complete(mediaId, now, upload.contentType(), upload.uploadName(), length);
				if (!recorded) {
					throw new MatrixError(409, CANNOT_OVERWRITE_MEDIA, "Media ID already has content");
				}
			}
			else {
				this.store.insert(new MediaRecord(mediaId, upload.userId(), now, now, upload.contentType(),
						upload.uploadName(), length, null));
				recorded = true;
			}
		}
		finally {
			if (!recorded) {
				this.storage.delete(key);
			}
		}
		if (this.properties.isThumbnailsOnUpload() && Thumbnailer.readable(baseType(upload.contentType()))) {
			for (MediaProperties.ThumbnailSize size : this.properties.effectiveThumbnailSizes()) {
				try {
					thumbnail(mediaId, upload.contentType(), size.getWidth(), size.getHeight(), size.getMethod());
				}
				catch (MatrixError | IOException | UncheckedIOException ex) {
					logger.debug("No " + size.getWidth() + "x" + size.getHeight() + " thumbnail of " + mediaId, ex);
				}
			}
		}
		return mediaId;
	}

	private SpamCheckerCallbacks spamChecker() {
		return this.callbacks.spamChecker();
	}

	private InputStream open(String key) throws IOException {
		Resource resource = this.storage.read(key);
		if (resource == null) {
			throw new IOException("The media file " + key + " is gone");
		}
		return resource.getInputStream();
	}

	/**
	 * Finds a local media item that may be served.
	 * @param serverName the server of its {@code mxc://} URI
	 * @param mediaId its media ID
	 * @param waitMs how long to wait for the bytes of a reserved ID
	 * @return the item, uploaded
	 * @throws MatrixError 400 for a malformed media ID, 404 for unknown, remote or quarantined
	 * media, 504 {@code M_NOT_YET_UPLOADED} when the bytes did not come in time
	 */
	MediaRecord find(String serverName, String mediaId, long waitMs) {
		checkMediaId(mediaId);
		if (!serverName.equals(this.serverName)) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Remote media is not available: this server does not federate");
		}
		long deadline = this.clock.millis() + waitMs;
		while (true) {
			MediaRecord media = this.store.find(mediaId)
				.filter((found) -> !found.quarantined())
				.orElseThrow(MediaRepository::notFound);
			if (media.uploaded()) {
				return media;
			}
			if (media.createdTs() + this.properties.getUnusedExpiration().toMillis() < this.clock.millis()
					&& media.length() == null) {
				throw notFound();
			}
			if (this.clock.millis() >= deadline) {
				throw new MatrixError(504, NOT_YET_UPLOADED, "The media has not been uploaded yet");
			}
			try {
				Thread.sleep(Math.min(200, Math.max(1, deadline - this.clock.millis())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new MatrixError(504, NOT_YET_UPLOADED, "The media has not been uploaded yet");
			}
		}
	}

	static void checkMediaId(String mediaId) {
		if (!MEDIA_ID.matcher(mediaId).matches()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid media ID");
		}
	}

	static MatrixError notFound() {
		return new MatrixError(404, Codes.NOT_FOUND, "Not found");
	}

	/**
	 * Reads an item's bytes.
	 * @return the file
	 * @throws MatrixError 404 when the file is missing from the storage
	 */
	Resource content(MediaRecord media) throws IOException {
		Resource resource = (media.mediaId().length() > 4) ? this.storage.read(media.contentKey()) : null;
		if (resource == null) {
			throw notFound();
		}
		return resource;
	}

	/**
	 * Finds or makes the thumbnail of an item closest to a requested size.
	 * @return the stored thumbnail
	 * @throws MatrixError 400 when the item is not an image that can be thumbnailed
	 */
	Served thumbnail(MediaRecord media, int width, int height, String method) throws IOException {
		String type = baseType(media.contentType());
		if (!type.startsWith("image/") || !Thumbnailer.readable(type)) {
			throw new MatrixError(400, Codes.UNKNOWN, "The media is not an image that can be thumbnailed");
		}
		MediaProperties.ThumbnailSize size = select(width, height, method);
		return thumbnail(media.mediaId(), media.contentType(), size.getWidth(), size.getHeight(), size.getMethod());
	}

	private Served thumbnail(String mediaId, @Nullable String contentType, int width, int height, String method)
			throws IOException {
		Optional<MediaStore.Thumbnail> stored = this.store.thumbnails(mediaId)
			.stream()
			.filter((t) -> t.width() == width && t.height() == height && t.method().equals(method))
			.findFirst();
		if (stored.isPresent()) {
			Resource resource = this.storage.read(stored.get().key(mediaId));
			if (resource != null) {
				return new Served(resource, stored.get().contentType(), stored.get().key(mediaId));
			}
		}
		Thumbnailer.Made made;
		try (InputStream in = open(MediaRecord.contentKey(mediaId))) {
			made = this.thumbnailer.make(in, baseType(contentType), width, height, method.equals("crop"));
		}
		MediaStore.Thumbnail thumbnail = new MediaStore.Thumbnail(width, height, method, made.contentType(),
				made.bytes().length);
		String key = thumbnail.key(mediaId);
		this.storage.write(key, new ByteArrayInputStream(made.bytes()));
		if (this.callbacks.has(SpamCheckerCallbacks.class, "checkMediaFileForSpam")) {
			MediaFileInfo info = new MediaFileInfo(mediaId, this.serverName, made.contentType(), made.bytes().length,
					null, true);
			SpamCheck spam = Await.callback(
					spamChecker().checkMediaFileForSpam(() -> new ByteArrayInputStream(made.bytes()), info),
					"checkMediaFileForSpam");
			if (spam != null && !spam.isNotSpam()) {
				this.storage.delete(key);
				throw notFound();
			}
		}
		this.store.insertThumbnail(mediaId, thumbnail);
		Resource resource = this.storage.read(key);
		if (resource == null) {
			throw notFound();
		}
		return new Served(resource, made.contentType(), key);
	}

	/**
	 * Chooses the configured size for a request: the smallest of the method's sizes at least as
	 * large as asked, else the largest of them (of any method when none has the one asked).
	 */
	MediaProperties.ThumbnailSize select(int width, int height, String method) {
		List<MediaProperties.ThumbnailSize> ofMethod = this.properties.effectiveThumbnailSizes()
			.stream()
			.filter((size) -> size.getMethod().equals(method))
			.toList();
		List<MediaProperties.ThumbnailSize> sizes = ofMethod.isEmpty() ? this.properties.effectiveThumbnailSizes() : ofMethod;
		if (sizes.isEmpty()) {
			throw new MatrixError(400, Codes.UNKNOWN, "No thumbnail sizes are configured");
		}
		Comparator<MediaProperties.ThumbnailSize> area = Comparator
			.comparingLong((size) -> (long) size.getWidth() * size.getHeight());
		return sizes.stream()
			.filter((size) -> size.getWidth() >= width && size.getHeight() >= height)
			.min(area)
			.orElseGet(() -> Collections.max(sizes, area));
	}

	/**
	 * Deletes an item's files and rows.
	 * @return whether it existed
	 */
	boolean delete(String mediaId) throws IOException {
		checkMediaId(mediaId);
		Optional<MediaRecord> media = this.store.find(mediaId);
		if (media.isEmpty()) {
			return false;
		}
		for (MediaStore.Thumbnail thumbnail : this.store.thumbnails(mediaId)) {
			this.storage.delete(thumbnail.key(mediaId));
		}
		if (mediaId.length() > 4) {
			this.storage.delete(MediaRecord.contentKey(mediaId));
		}
		this.store.delete(mediaId);
		return true;
	}

	MediaStore store() {
		return this.store;
	}

	/**
	 * Answers the media configuration for a user: the first module's non-empty answer, else the
	 * configured maximum upload size.
	 */
	Map<String, Object> config(String userId) {
		for (CallbackRegistration registration : this.callbacks.registry()
			.registrations(MediaRepositoryCallbacks.class)) {
			if (!registration.callback().getName().equals("getMediaConfigForUser")) {
				continue;
			}
			Map<String, Object> answer = Await.callback(
					((MediaRepositoryCallbacks) registration.target()).getMediaConfigForUser(userId),
					"getMediaConfigForUser");
			if (answer != null && !answer.isEmpty()) {
				return answer;
			}
		}
		return Map.of("m.upload.size", maxUploadSize());
	}

	private String newMediaId() {
		StringBuilder id = new StringBuilder(24);
		for (int i = 0; i < 24; i++) {
			id.append(LETTERS.charAt(this.random.nextInt(LETTERS.length())));
		}
		return id.toString();
	}

	/**
	 * The content type without parameters, lower case; {@code application/octet-stream} when
	 * there is none.
	 */
	static String baseType(@Nullable String contentType) {
		if (contentType == null) {
			return "application/octet-stream";
		}
		int semicolon = contentType.indexOf(';');
		return ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase();
	}

	/**
	 * A media ID reserved for an asynchronous upload.
	 *
	 * @param mediaId the ID
	 * @param expiresAt when it expires unused, in milliseconds since the epoch
	 */
	record Reserved(String mediaId, long expiresAt) {

	}

	/**
	 * An upload about to be stored.
	 *
	 * @param userId the uploader
	 * @param mediaId the reserved ID it completes, or {@code null} for a new one
	 * @param contentType the content type to store
	 * @param uploadName the file name given, if any
	 * @param declaredLength the body's {@code Content-Length}, or {@code -1}
	 */
	record Upload(String userId, @Nullable String mediaId, String contentType, @Nullable String uploadName,
			long declaredLength) {

	}

	/**
	 * A file to serve.
	 *
	 * @param resource the file
	 * @param contentType its content type
	 * @param etag a tag unique to its bytes
	 */
	record Served(Resource resource, String contentType, String etag) {

	}

	/**
	 * A request body cut off with 413 {@code M_TOO_LARGE} past a limit; never asks for more than
	 * one byte past it.
	 */
	static final class LimitedInputStream extends InputStream {

		private final InputStream delegate;

		private final long maxBytes;

		private long count;

		LimitedInputStream(InputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b;
			try {
				b = this.delegate.read();
			}
			catch (IOException ex) {
				throw interrupted(ex);
			}
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			long room = this.maxBytes + 1 - this.count;
			int n;
			try {
				n = this.delegate.read(buffer, offset, (int) Math.max(1, Math.min(length, room)));
			}
			catch (IOException ex) {
				throw interrupted(ex);
			}
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		/** A failure to read the body: the client went away or sent less than it declared. */
		private static MatrixError interrupted(IOException ex) {
			MatrixError error = new MatrixError(400, Codes.UNKNOWN, "The upload was interrupted");
			error.initCause(ex);
			return error;
		}

		private void counted(int n) {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw tooLarge();
			}
		}

	}

}

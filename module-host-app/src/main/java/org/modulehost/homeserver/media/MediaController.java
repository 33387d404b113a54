package org.modulehost.homeserver.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The media endpoints: {@code POST /_matrix/media/v3/upload}, {@code POST /_matrix/media/v1/create}
 * with {@code PUT /_matrix/media/v3/upload/{serverName}/{mediaId}}, the authenticated
 * {@code /_matrix/client/v1/media/{config,download,thumbnail}} and the legacy unauthenticated
 * {@code /_matrix/media/{r0,v1,v3}/{download,thumbnail}} (and authenticated {@code config})
 * unless {@code homeserver.media.legacy-endpoints-enabled} is off. Uploads stream from the request
 * into the storage; downloads stream from the storage, with byte ranges and {@code ETag}s.
 */
@RestController
final class MediaController {

	private static final String LEGACY = "/_matrix/media/{version:v3|r0|v1}";

	private static final String CLIENT = "/_matrix/client/v1/media";

	/** The content types served inline (Synapse's {@code INLINE_CONTENT_TYPES}); others are attachments. */
	static final Set<String> INLINE = Set.of("text/css", "text/plain", "text/csv", "application/json",
			"application/ld+json", "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
			"video/mp4", "video/webm", "video/ogg", "video/quicktime", "audio/mp4", "audio/webm", "audio/aac",
			"audio/mpeg", "audio/ogg", "audio/wave", "audio/wav", "audio/x-wav", "audio/x-pn-wav", "audio/flac",
			"audio/x-flac");

	private static final long DEFAULT_WAIT_MS = 20_000;

	private static final long MAX_WAIT_MS = 120_000;

	private final MediaRepository media;

	private final MediaProperties properties;

	MediaController(MediaRepository media, MediaProperties properties) {
		this.media = media;
		this.properties = properties;
	}

	@PostMapping(LEGACY + "/upload")
	Map<String, Object> upload(Requester requester, HttpServletRequest request,
			@RequestParam(required = false) @Nullable String filename) throws IOException {
		String mediaId = this.media.upload(upload(requester, null, request, filename), request.getInputStream());
		return Map.of("content_uri", "mxc://" + this.media.serverName() + "/" + mediaId);
	}

	@PostMapping("/_matrix/media/v1/create")
	Map<String, Object> create(Requester requester) {
		MediaRepository.Reserved reserved = this.media.reserve(requester.userId());
		return Map.of("content_uri", "mxc://" + this.media.serverName() + "/" + reserved.mediaId(),
				"unused_expires_at", reserved.expiresAt());
	}

	@PutMapping(LEGACY + "/upload/{serverName}/{mediaId}")
	Map<String, Object> uploadTo(Requester requester, @PathVariable String serverName, @PathVariable String mediaId,
			HttpServletRequest request, @RequestParam(required = false) @Nullable String filename) throws IOException {
		if (!serverName.equals(this.media.serverName())) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Non-local server name specified");
		}
		this.media.claim(requester.userId(), mediaId);
		boolean done = false;
		try {
			this.media.upload(upload(requester, mediaId, request, filename), request.getInputStream());
			done = true;
		}
		finally {
			if (!done) {
				this.media.release(mediaId);
			}
		}
		return Map.of();
	}

	private static MediaRepository.Upload upload(Requester requester, @Nullable String mediaId,
			HttpServletRequest request, @Nullable String filename) {
		if (filename != null && filename.length() > 1024) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "filename is too long (max 1024 characters)");
		}
		return new MediaRepository.Upload(requester.userId(), mediaId, contentType(request),
				(filename == null || filename.isEmpty()) ? null : filename, request.getContentLengthLong());
	}

	/**
	 * The request's own content type (the JSON API's filters present form bodies as JSON), or
	 * {@code application/octet-stream} when it is missing or malformed.
	 */
	static String contentType(HttpServletRequest request) {
		ServletRequest original = request;
		while (original instanceof ServletRequestWrapper wrapper) {
			original = wrapper.getRequest();
		}
		String declared = original.getContentType();
		if (declared == null || declared.isBlank() || declared.length() > 255) {
			return MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
		try {
			MediaType type = MediaType.parseMediaType(declared);
			return type.isConcrete() ? type.toString() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
		catch (IllegalArgumentException ex) {
			return MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
	}

	@GetMapping(CLIENT + "/config")
	Map<String, Object> config(Requester requester) {
		return this.media.config(requester.userId());
	}

	@GetMapping(LEGACY + "/config")
	Map<String, Object> legacyConfig(Requester requester) {
		legacy();
		return this.media.config(requester.userId());
	}

	@GetMapping({ CLIENT + "/download/{serverName}/{mediaId}", CLIENT + "/download/{serverName}/{mediaId}/{fileName}" })
	ResponseEntity<Resource> download(Requester requester, @PathVariable String serverName,
			@PathVariable String mediaId, @PathVariable(required = false) @Nullable String fileName,
			@RequestParam(name = "timeout_ms", required = false) @Nullable String timeoutMs) throws IOException {
		return download(serverName, mediaId, fileName, timeoutMs);
	}

	@GetMapping({ LEGACY + "/download/{serverName}/{mediaId}", LEGACY + "/download/{serverName}/{mediaId}/{fileName}" })
	ResponseEntity<Resource> legacyDownload(@PathVariable String serverName, @PathVariable String mediaId,
			@PathVariable(required = false) @Nullable String fileName,
			@RequestParam(name = "timeout_ms", required = false) @Nullable String timeoutMs) throws IOException {
		legacy();
		return download(serverName, mediaId, fileName, timeoutMs);
	}

	private ResponseEntity<Resource> download(String serverName, String mediaId, @Nullable String fileName,
			@Nullable String timeoutMs) throws IOException {
		MediaRecord found = this.media.find(serverName, mediaId, waitMs(timeoutMs));
		String contentType = (found.contentType() != null) ? found.contentType()
				: MediaType.APPLICATION_OCTET_STREAM_VALUE;
		String name = (fileName != null) ? fileName : found.uploadName();
		return serve(this.media.content(found), contentType, mediaId, name);
	}

	@GetMapping(CLIENT + "/thumbnail/{serverName}/{mediaId}")
	ResponseEntity<Resource> thumbnail(Requester requester, @PathVariable String serverName,
			@PathVariable String mediaId, @RequestParam Map<String, String> parameters) throws IOException {
		return thumbnail(serverName, mediaId, parameters);
	}

	@GetMapping(LEGACY + "/thumbnail/{serverName}/{mediaId}")
	ResponseEntity<Resource> legacyThumbnail(@PathVariable String serverName, @PathVariable String mediaId,
			@RequestParam Map<String, String> parameters) throws IOException {
		legacy();
		return thumbnail(serverName, mediaId, parameters);
	}

	private ResponseEntity<Resource> thumbnail(String serverName, String mediaId, Map<String, String> parameters)
			throws IOException {
		int width = dimension(parameters, "width");
		int height = dimension(parameters, "height");
		String method = parameters.getOrDefault("method", "scale");
		if (!method.equals("crop") && !method.equals("scale")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Query parameter 'method' must be one of crop, scale");
		}
		String animated = parameters.getOrDefault("animated", "false");
		if (!animated.equals("true") && !animated.equals("false")) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Query parameter 'animated' must be true or false");
		}
		MediaRecord found = this.media.find(serverName, mediaId, waitMs(parameters.get("timeout_ms")));
		String type = MediaRepository.baseType(found.contentType());
		if (animated.equals("true") && type.equals("image/gif")) {
			// The original animation when it fits the box; else a still thumbnail.
			int[] size;
			try (var in = this.media.content(found).getInputStream()) {
				size = Thumbnailer.dimensions(in);
			}
			if (size[0] <= width && size[1] <= height) {
				return serve(this.media.content(found), type, mediaId, null);
			}
		}
		MediaRepository.Served thumbnail = this.media.thumbnail(found, width, height, method);
		return serve(thumbnail.resource(), thumbnail.contentType(), thumbnail.etag(), null);
	}

	private static int dimension(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		if (value == null) {
			throw new MatrixError(400, Codes.MISSING_PARAM, "Missing integer query parameter '" + name + "'");
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed <= 0) {
				throw new NumberFormatException();
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Query parameter '" + name + "' must be a positive integer");
		}
	}

	private static long waitMs(@Nullable String timeoutMs) {
		if (timeoutMs == null) {
			return DEFAULT_WAIT_MS;
		}
		try {
			return Math.max(0, Math.min(MAX_WAIT_MS, Long.parseLong(timeoutMs)));
		}
		catch (NumberFormatException ex) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Query parameter 'timeout_ms' must be an integer");
		}
	}

	private void legacy() {
		if (!this.properties.isLegacyEndpointsEnabled()) {
			throw new MatrixError(404, Codes.NOT_FOUND, "Not found: use the authenticated /_matrix/client/v1/media endpoints");
		}
	}

	/**
	 * A file response: its content type ({@code charset=UTF-8} added to text without one),
	 * {@code Content-Disposition} inline for the safe types and attachment otherwise, an
	 * {@code ETag}; Spring answers {@code Range} and {@code If-None-Match} from these.
	 */
	static ResponseEntity<Resource> serve(Resource resource, String contentType, String etag, @Nullable String name) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (IllegalArgumentException ex) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		if (type.getType().equals("text") && type.getCharset() == null) {
			type = new MediaType(type, StandardCharsets.UTF_8);
		}
		String base = (type.getType() + "/" + type.getSubtype()).toLowerCase();
		ContentDisposition.Builder disposition = INLINE.contains(base) ? ContentDisposition.inline()
				: ContentDisposition.attachment();
		if (name != null && !name.isEmpty()) {
			disposition.filename(name, StandardCharsets.UTF_8);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(type);
		headers.setContentDisposition(disposition.build());
		headers.setETag("\"" + etag.replace('/', '_') + "\"");
		headers.setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)).cachePublic().sMaxAge(java.time.Duration.ofDays(1)));
		return ResponseEntity.ok().headers(headers).body(resource);
	}

}

package org.modulehost.homeserver.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the media repository ({@code homeserver.media.*}).
 */
@ConfigurationProperties("homeserver.media")
public class MediaProperties {

	/** Directory of the media files (Synapse's media_store_path); instances sharing a database must share it too. */
	private String storePath = "data/media";

	/** Largest upload (Synapse's max_upload_size); larger ones are refused with 413 M_TOO_LARGE. */
	private DataSize maxUploadSize = DataSize.ofMegabytes(50);

	/** Limits on the bytes one user may upload in a time period (Synapse's media_upload_limits); modules may replace them per user. */
	private List<UploadLimit> uploadLimits = new ArrayList<>();

	/** Whether the legacy unauthenticated /_matrix/media/{r0,v1,v3}/{download,thumbnail,config} endpoints answer (Synapse's enable_authenticated_media: false). */
	private boolean legacyEndpointsEnabled = true;

	/** How long a media ID reserved by POST /_matrix/media/v1/create may wait for its upload (Synapse's unused_expiration_time). */
	private Duration unusedExpiration = Duration.ofHours(24);

	/** How many reserved, not yet uploaded media IDs a user may hold (Synapse's max_pending_media_uploads). */
	private int maxPendingUploads = 5;

	/** Whether the configured thumbnail sizes are made for images when they are uploaded (otherwise on the first request). */
	private boolean thumbnailsOnUpload = true;

	/** Largest image, in pixels, that is decoded to make a thumbnail (Synapse's max_image_pixels); larger ones are refused unread. */
	private long maxImagePixels = 32_000_000;

	/** The thumbnail sizes served (Synapse's thumbnail_sizes); a request gets the closest one. Empty: Synapse's five, 32x32 crop, 96x96 crop, 320x240, 640x480 and 800x600 scale. */
	private List<ThumbnailSize> thumbnailSizes = new ArrayList<>();

	public String getStorePath() {
		return this.storePath;
	}

	public void setStorePath(String storePath) {
		this.storePath = storePath;
	}

	public DataSize getMaxUploadSize() {
		return this.maxUploadSize;
	}

	public void setMaxUploadSize(DataSize maxUploadSize) {
		this.maxUploadSize = maxUploadSize;
	}

	public List<UploadLimit> getUploadLimits() {
		return this.uploadLimits;
	}

	public void setUploadLimits(List<UploadLimit> uploadLimits) {
		this.uploadLimits = uploadLimits;
	}

	public boolean isLegacyEndpointsEnabled() {
		return this.legacyEndpointsEnabled;
	}

	public void setLegacyEndpointsEnabled(boolean legacyEndpointsEnabled) {
		this.legacyEndpointsEnabled = legacyEndpointsEnabled;
	}

	public Duration getUnusedExpiration() {
		return this.unusedExpiration;
	}

	public void setUnusedExpiration(Duration unusedExpiration) {
		this.unusedExpiration = unusedExpiration;
	}

	public int getMaxPendingUploads() {
		return this.maxPendingUploads;
	}

	public void setMaxPendingUploads(int maxPendingUploads) {
		this.maxPendingUploads = maxPendingUploads;
	}

	public boolean isThumbnailsOnUpload() {
		return this.thumbnailsOnUpload;
	}

	public void setThumbnailsOnUpload(boolean thumbnailsOnUpload) {
		this.thumbnailsOnUpload = thumbnailsOnUpload;
	}

	public long getMaxImagePixels() {
		return this.maxImagePixels;
	}

	public void setMaxImagePixels(long maxImagePixels) {
		this.maxImagePixels = maxImagePixels;
	}

	public List<ThumbnailSize> getThumbnailSizes() {
		return this.thumbnailSizes;
	}

	public void setThumbnailSizes(List<ThumbnailSize> thumbnailSizes) {
		this.thumbnailSizes = thumbnailSizes;
	}

	/**
	 * The thumbnail sizes in effect: the configured ones, or Synapse's defaults when none are.
	 * @return the sizes
	 */
	List<ThumbnailSize> effectiveThumbnailSizes() {
		return this.thumbnailSizes.isEmpty() ? List.of(new ThumbnailSize(32, 32, "crop"),
				new ThumbnailSize(96, 96, "crop"), new ThumbnailSize(320, 240, "scale"),
				new ThumbnailSize(640, 480, "scale"), new ThumbnailSize(800, 600, "scale")) : this.thumbnailSizes;
	}

	/**
	 * A limit on the bytes one user may upload in a time period.
	 */
	public static class UploadLimit {

		/** The most bytes a user may upload in the period. */
		private DataSize maxSize = DataSize.ofMegabytes(100);

		/** The period, counted back from each upload. */
		private Duration timePeriod = Duration.ofDays(1);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getTimePeriod() {
			return this.timePeriod;
		}

		public void setTimePeriod(Duration timePeriod) {
			this.timePeriod = timePeriod;
		}

	}

	/**
	 * A thumbnail size: a bounding box and how the image is fitted into it.
	 */
	public static class ThumbnailSize {

		/** Width in pixels. */
		private int width;

		/** Height in pixels. */
		private int height;

		/** crop (fills the box exactly, cutting the overflow) or scale (fits inside the box, keeping the aspect ratio). */
		private String method = "scale";

		public ThumbnailSize() {
		}

		ThumbnailSize(int width, int height, String method) {
			this.width = width;
			this.height = height;
			this.method = method;
		}

		public int getWidth() {
			return this.width;
		}

		public void setWidth(int width) {
			this.width = width;
		}

		public int getHeight() {
			return this.height;
		}

		public void setHeight(int height) {
			this.height = height;
		}

		public String getMethod() {
			return this.method;
		}

		public void setMethod(String method) {
			this.method = method;
		}

	}

}

package org.modulehost.homeserver.media;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.rooms.Ratelimiter;
import org.modulehost.homeserver.storage.Database;
import org.modulehost.homeserver.support.Callbacks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * The media repository: its storage (a directory unless the application defines a
 * {@link MediaStorage} bean), its endpoints and the media admin APIs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
@Import({ MediaController.class, MediaAdminController.class })
public final class MediaConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MediaStorage homeserverMediaStorage(MediaProperties properties) {
		try {
			return new FileSystemMediaStorage(Path.of(properties.getStorePath()));
		}
		catch (IOException | InvalidPathException ex) {
			throw new IllegalStateException("homeserver.media.store-path '" + properties.getStorePath()
					+ "' cannot be used as the media directory (" + ex.getMessage()
					+ "): point it at a writable directory", ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	MediaRepository homeserverMediaRepository(Database database, MediaStorage storage, Callbacks callbacks,
			MediaProperties media, HomeserverProperties properties, Clock clock) {
		check(media);
		Ratelimiter create = Ratelimiter.overridable("rc_media_create", properties.getRatelimit().getMediaCreate(),
				callbacks, clock);
		return new MediaRepository(new MediaStore(database), storage, callbacks, media, create, clock,
				properties.getServerName());
	}

	private static void check(MediaProperties media) {
		if (media.getMaxUploadSize().toBytes() <= 0) {
			throw new IllegalStateException("homeserver.media.max-upload-size must be positive (it is "
					+ media.getMaxUploadSize() + "): set it to a size such as 50MB, or leave it out");
		}
		for (int i = 0; i < media.getUploadLimits().size(); i++) {
			MediaProperties.UploadLimit limit = media.getUploadLimits().get(i);
			if (limit.getMaxSize().toBytes() < 0 || limit.getTimePeriod().isNegative()
					|| limit.getTimePeriod().isZero()) {
				throw new IllegalStateException("homeserver.media.upload-limits[" + i
						+ "] needs a max-size of 0 or more and a positive time-period (such as 1d)");
			}
		}
		for (int i = 0; i < media.getThumbnailSizes().size(); i++) {
			MediaProperties.ThumbnailSize size = media.getThumbnailSizes().get(i);
			if (size.getWidth() <= 0 || size.getHeight() <= 0
					|| !(size.getMethod().equals("crop") || size.getMethod().equals("scale"))) {
				throw new IllegalStateException("homeserver.media.thumbnail-sizes[" + i
						+ "] needs a positive width and height and a method of crop or scale");
			}
		}
		if (media.getMaxImagePixels() <= 0) {
			throw new IllegalStateException("homeserver.media.max-image-pixels must be positive (it is "
					+ media.getMaxImagePixels() + "), such as 32000000");
		}
	}

	@Bean
	@ConditionalOnMissingBean(name = "homeserverMediaHeadersFilter")
	FilterRegistrationBean<MediaHeadersFilter> homeserverMediaHeadersFilter() {
		FilterRegistrationBean<MediaHeadersFilter> registration = new FilterRegistrationBean<>(new MediaHeadersFilter());
		registration.addUrlPatterns("/_matrix/media/*", "/_matrix/client/v1/media/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 80);
		return registration;
	}

}

package org.modulehost.samples.mediaquota;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MediaUploadLimit;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.springframework.util.unit.DataSize;

/**
 * Per-user media quotas: the largest file a user may upload
 * ({@code isUserAllowedToUploadMediaOfSize}, and the {@code m.upload.size} their clients see in
 * {@code /media/config}) and how much they may upload in time periods
 * ({@code getMediaUploadLimitsForUser}; the homeserver counts their stored uploads). The first
 * rule of {@code users} whose {@code match} matches the whole user ID replaces the defaults. A
 * refusal by a period limit is logged ({@code onMediaUploadLimitExceeded}) and counted.
 */
public class MediaQuota implements MediaRepositoryCallbacks {

	private static final Log logger = LogFactory.getLog(MediaQuota.class);

	private final MediaQuotaConfig config;

	private final List<CompiledRule> rules;

	private final AtomicLong refusals = new AtomicLong();

	/**
	 * Checks the configuration and registers the callbacks.
	 * @param config the configuration
	 * @param api the homeserver's module API
	 * @throws org.modulehost.api.ConfigError naming the first wrong value
	 */
	public MediaQuota(MediaQuotaConfig config, HomeserverModuleApi api) {
		config.check();
		this.config = config;
		this.rules = config.users()
			.stream()
			.map((rule) -> new CompiledRule(Pattern.compile(rule.match()), rule))
			.toList();
		api.registerMediaRepositoryCallbacks(this);
	}

	/**
	 * Returns the largest file a user may upload.
	 * @param userId the user
	 * @return the size, or {@code null} when the server's limit applies
	 */
	public @Nullable DataSize maxFileSize(String userId) {
		CompiledRule rule = rule(userId);
		return (rule != null && rule.rule().maxFileSize() != null) ? rule.rule().maxFileSize()
				: this.config.maxFileSize();
	}

	/**
	 * Returns the limits over time periods of a user.
	 * @param userId the user
	 * @return the limits (empty: none)
	 */
	public List<MediaUploadLimit> limits(String userId) {
		CompiledRule rule = rule(userId);
		List<MediaQuotaConfig.Limit> limits = (rule != null && rule.rule().limits() != null) ? rule.rule().limits()
				: this.config.limits();
		return limits.stream().map((limit) -> new MediaUploadLimit(limit.maxSize().toBytes(), limit.period())).toList();
	}

	/**
	 * Returns how many uploads the period limits refused since start-up.
	 * @return the count
	 */
	public long refusals() {
		return this.refusals.get();
	}

	private @Nullable CompiledRule rule(String userId) {
		for (CompiledRule rule : this.rules) {
			if (rule.pattern().matcher(userId).matches()) {
				return rule;
			}
		}
		return null;
	}

	@Override
	public CompletionStage<@Nullable Map<String, Object>> getMediaConfigForUser(String userId) {
		DataSize max = maxFileSize(userId);
		return CompletableFuture.completedFuture((max != null) ? Map.of("m.upload.size", max.toBytes()) : null);
	}

	@Override
	public CompletionStage<Boolean> isUserAllowedToUploadMediaOfSize(String userId, long size) {
		DataSize max = maxFileSize(userId);
		return CompletableFuture.completedFuture(max == null || size <= max.toBytes());
	}

	@Override
	public CompletionStage<@Nullable List<MediaUploadLimit>> getMediaUploadLimitsForUser(String userId) {
		return CompletableFuture.completedFuture(limits(userId));
	}

	@Override
	public CompletionStage<Void> onMediaUploadLimitExceeded(String userId, MediaUploadLimit limit, long sentBytes,
			long attemptedBytes) {
		this.refusals.incrementAndGet();
		logger.info(userId + " was refused an upload of " + attemptedBytes + " bytes: " + sentBytes
				+ " bytes uploaded in the last " + limit.timePeriod() + ", the limit is " + limit.maxBytes());
		return CompletableFuture.completedFuture(null);
	}

	private record CompiledRule(Pattern pattern, MediaQuotaConfig.UserRule rule) {

	}

}

package org.modulehost.homeserver.api.callbacks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.homeserver.api.RatelimitOverride;

/**
 * Rate-limit overrides, Synapse's {@code ratelimit} callbacks.
 */
@CallbackCategory("ratelimit")
public interface RatelimitCallbacks {

	/**
	 * Chooses the rate limit of one user for one limiter, consulted on every check of the
	 * message limiter ({@code rc_message}) and the invite limiters ({@code rc_invites.per_room},
	 * {@code rc_invites.per_user}, {@code rc_invites.per_issuer}, in that order, each asked for the
	 * inviting user as Synapse does, also for the one keyed by room). The first module with an
	 * opinion decides. An exception fails the request (500).
	 * @param userId the user acting
	 * @param limiterName the limiter, {@code rc_message}, {@code rc_invites.per_room},
	 * {@code rc_invites.per_user} or {@code rc_invites.per_issuer}
	 * @return a stage of the override ({@link RatelimitOverride#perSecond()} {@code 0} means
	 * unlimited), or of {@code null} for the configured limit
	 */
	@Callback(combine = Combine.FIRST_DECISIVE, onError = OnError.PROPAGATE)
	default CompletionStage<@Nullable RatelimitOverride> getRatelimitOverrideForUser(String userId,
			String limiterName) {
		return CompletableFuture.completedFuture(null);
	}

}

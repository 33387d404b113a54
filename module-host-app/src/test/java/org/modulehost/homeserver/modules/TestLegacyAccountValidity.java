package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.LegacyRenewal;

/**
 * Serves the legacy account-validity endpoints: expires users whose localpart starts with
 * {@code lapsed}; renewal token {@code fresh-…} renews, {@code used-…} was already used, any
 * other is invalid; the admin request answers its body's {@code expiration_ts}, and refuses a
 * body without {@code user_id} with 400 {@code M_MISSING_PARAM}. Records every call.
 */
public class TestLegacyAccountValidity implements AccountValidityCallbacks {

	public static final long EXPIRES = 4_102_444_800_000L;

	public TestLegacyAccountValidity(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerAccountValidityCallbacks(this);
	}

	@Override
	public CompletionStage<@Nullable Boolean> isUserExpired(String userId) {
		return CompletableFuture.completedFuture(userId.startsWith("@lapsed") ? Boolean.TRUE : null);
	}

	@Override
	public CompletionStage<Void> onLegacySendMail(String userId) {
		Recorder.record("onLegacySendMail:" + userId);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<@Nullable LegacyRenewal> onLegacyRenew(String renewalToken) {
		Recorder.record("onLegacyRenew:" + renewalToken);
		if (renewalToken.startsWith("fresh-")) {
			return CompletableFuture.completedFuture(new LegacyRenewal(true, false, EXPIRES));
		}
		if (renewalToken.startsWith("used-")) {
			return CompletableFuture.completedFuture(new LegacyRenewal(false, true, EXPIRES));
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletionStage<@Nullable Long> onLegacyAdminRequest(Map<String, Object> body) {
		Recorder.record("onLegacyAdminRequest:" + body.get("user_id"));
		if (!(body.get("user_id") instanceof String)) {
			return CompletableFuture.failedFuture(
					new MatrixError(400, "M_MISSING_PARAM", "Missing property 'user_id' in the request body"));
		}
		return CompletableFuture.completedFuture(
				(body.get("expiration_ts") instanceof Number number) ? number.longValue() : EXPIRES);
	}

}

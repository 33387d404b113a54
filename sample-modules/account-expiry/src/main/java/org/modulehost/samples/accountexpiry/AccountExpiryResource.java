package org.modulehost.samples.accountexpiry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.MatrixError;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The account-expiry module's web resource, mounted at {@link AccountExpiry#PATH}. Every
 * request is authenticated with the user's access token, as the homeserver's own endpoints are;
 * errors are Matrix JSON.
 *
 * <ul>
 * <li>{@code GET /status[?user_id=…]}: the caller's validity (an administrator may name
 * another user).</li>
 * <li>{@code POST /renew} with an optional {@code {"user_id": …}}: extends the caller's account
 * (an administrator may name another user) to {@code now + period}; with
 * {@code {"token": "12345678"}}, the code of a renewal e-mail ({@code send_links: false}) renews
 * the caller's account (a code used before answers the expiry it gave).</li>
 * <li>{@code POST /admin/expire} with {@code {"user_id": …}}: administrators only; expires the
 * account now.</li>
 * </ul>
 */
@RestController
class AccountExpiryResource {

	private final AccountExpiry module;

	private final HomeserverModuleApi api;

	AccountExpiryResource(AccountExpiry module, HomeserverModuleApi api) {
		this.module = module;
		this.api = api;
	}

	@GetMapping("/status")
	CompletionStage<ResponseEntity<Map<String, Object>>> status(HttpServletRequest request,
			@RequestParam(name = "user_id", required = false) @Nullable String userId) {
		return target(request, userId, false).thenCompose(this.module::status).thenApply(ResponseEntity::ok);
	}

	@PostMapping("/renew")
	CompletionStage<ResponseEntity<Map<String, Object>>> renew(HttpServletRequest request,
			@RequestBody(required = false) @Nullable Map<String, Object> body) {
		// An expired user may renew: that is what renewal is for (Synapse's allow_expired=True).
		Object code = (body != null) ? body.get("token") : null;
		if (code != null) {
			if (!(code instanceof String text)) {
				throw new MatrixError(400, Codes.INVALID_PARAM, "'token' must be the code of a renewal e-mail");
			}
			return this.api.getUserByRequest(request, true)
				.toCompletableFuture()
				.thenCompose((requester) -> this.module.renewWithCode(requester.userId(), text.strip())
					.thenApply((renewal) -> {
						if (!renewal.tokenValid() && !renewal.tokenStale()) {
							throw new MatrixError(403, Codes.FORBIDDEN, "This renewal code is not valid");
						}
						return answer(requester.userId(), renewal.expirationTs());
					}));
		}
		return target(request, userIdIn(body, false), true).thenCompose(
				(userId) -> this.module.renew(userId).thenApply((expirationTs) -> answer(userId, expirationTs)));
	}

	@PostMapping("/admin/expire")
	CompletionStage<ResponseEntity<Map<String, Object>>> expire(HttpServletRequest request,
			@RequestBody(required = false) @Nullable Map<String, Object> body) {
		String named = userIdIn(body, true);
		return this.api.getUserByRequest(request)
			.thenCompose((requester) -> requireAdmin(requester.userId(), "expire accounts"))
			.thenCompose((admin) -> existing(named))
			.thenCompose((userId) -> this.module.expire(userId).thenApply((expirationTs) -> answer(userId, expirationTs)));
	}

	@ExceptionHandler(MatrixError.class)
	ResponseEntity<Map<String, Object>> matrixError(MatrixError error) {
		return ResponseEntity.status(error.httpStatus()).body(error.toJson());
	}

	@ExceptionHandler(CompletionException.class)
	ResponseEntity<Map<String, Object>> completionFailure(CompletionException failure) throws Throwable {
		if (failure.getCause() instanceof MatrixError error) {
			return matrixError(error);
		}
		throw (failure.getCause() != null) ? failure.getCause() : failure;
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> notJson(HttpMessageNotReadableException ex) {
		return matrixError(new MatrixError(400, Codes.NOT_JSON, "The body must be a JSON object"));
	}

	/**
	 * Authenticates the request and decides whose account it is about: the caller's, or the named
	 * user's when the caller is an administrator.
	 */
	private CompletableFuture<String> target(HttpServletRequest request, @Nullable String named, boolean allowExpired) {
		return this.api.getUserByRequest(request, allowExpired).toCompletableFuture().thenCompose((requester) -> {
			if (named == null || named.equals(requester.userId())) {
				return CompletableFuture.completedFuture(requester.userId());
			}
			return requireAdmin(requester.userId(), "act on other users' accounts").thenCompose((admin) -> existing(named));
		});
	}

	private CompletableFuture<String> requireAdmin(String userId, String what) {
		return this.api.isUserAdmin(userId).toCompletableFuture().thenApply((admin) -> {
			if (!admin) {
				throw new MatrixError(403, Codes.FORBIDDEN, "Only server administrators may " + what);
			}
			return userId;
		});
	}

	private CompletableFuture<String> existing(String userId) {
		return this.api.checkUserExists(userId)
			.toCompletableFuture()
			.thenApply((found) -> found.orElseThrow(() -> new MatrixError(404, Codes.NOT_FOUND, "Unknown user " + userId)));
	}

	private @Nullable String userIdIn(@Nullable Map<String, Object> body, boolean required) {
		Object value = (body != null) ? body.get("user_id") : null;
		if (value == null) {
			if (required) {
				throw new MatrixError(400, Codes.MISSING_PARAM, "Missing 'user_id' in the body");
			}
			return null;
		}
		if (!(value instanceof String text) || text.isBlank()) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "'user_id' must be a user ID such as @alice:example.org");
		}
		return this.api.getQualifiedUserId(text.strip());
	}

	private static ResponseEntity<Map<String, Object>> answer(String userId, long expirationTs) {
		return ResponseEntity.ok(Map.of("user_id", userId, "expiration_ts", expirationTs));
	}

}

package org.modulehost.cache.actuate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.cache.CachedFunction;
import org.modulehost.cache.ModuleCacheRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The write operations of {@code /actuator/modulecaches}, for an administrator holding the
 * {@code modulehost.admin.token}:
 * <ul>
 * <li>{@code DELETE /actuator/modulecaches/{cache}} drops every entry of a cache;</li>
 * <li>{@code POST /actuator/modulecaches/{cache}} with the JSON body {@code {"keys": [...]}} drops
 * one entry, or for a tree cache and fewer keys than key arguments every entry under that
 * prefix.</li>
 * </ul>
 * Both reach the other instances over the invalidation bus and answer 204. A request without the
 * token gets 401, an unknown cache 404, keys that do not fit the cache 400, each with a JSON body
 * that says why. The keys are read as the method's parameter types, so that they equal the
 * cached keys.
 *
 * <p>These are plain Spring MVC handlers rather than actuator operations because actuator
 * operations only take flat string values from a request body, not a list of keys.
 */
final class ModuleCachesWriteHandler {

	private final ModuleCacheRegistry registry;

	private final AdminToken token;

	private final EndpointKeys keys = new EndpointKeys();

	private final JsonMapper json = JsonMapper.shared();

	ModuleCachesWriteHandler(ModuleCacheRegistry registry, AdminToken token) {
		this.registry = registry;
		this.token = token;
	}

	ServerResponse invalidateAll(ServerRequest request) {
		ServerResponse refusal = refusal(request);
		if (refusal != null) {
			return refusal;
		}
		this.registry.invalidateAll(request.pathVariable("cache"));
		return ServerResponse.noContent().build();
	}

	ServerResponse invalidate(ServerRequest request) throws ServletException, IOException {
		ServerResponse refusal = refusal(request);
		if (refusal != null) {
			return refusal;
		}
		String cacheName = request.pathVariable("cache");
		CachedFunction cache = this.registry.cache(cacheName);
		try {
			List<@Nullable Object> keys = this.keys.convert(cache, keysOf(request.body(String.class)));
			this.registry.invalidate(cacheName, keys);
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return ServerResponse.noContent().build();
	}

	private @Nullable Object keysOf(String body) {
		Object parsed;
		try {
			parsed = this.json.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The body is not JSON (" + ex.getOriginalMessage()
					+ "); send {\"keys\": [...]}", ex);
		}
		if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("keys")) {
			throw new IllegalArgumentException("The body must be a JSON object with the key arguments under"
					+ " \"keys\", such as {\"keys\": [\"@alice:example.org\"]}");
		}
		return map.get("keys");
	}

	private @Nullable ServerResponse refusal(ServerRequest request) {
		if (!this.token.isCarriedBy(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"modulehost\"")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body(HttpStatus.UNAUTHORIZED, "Changing module caches needs the admin token: send"
						+ " 'Authorization: Bearer <modulehost.admin.token>'"));
		}
		String cache = request.pathVariable("cache");
		if (this.registry.cache(cache) == null) {
			return error(HttpStatus.NOT_FOUND,
					"There is no module cache named '" + cache + "'; GET the modulecaches endpoint to list them");
		}
		return null;
	}

	private ServerResponse error(HttpStatus status, @Nullable String message) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(body(status, message));
	}

	private String body(HttpStatus status, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", status.getReasonPhrase());
		body.put("message", message);
		return this.json.writeValueAsString(body);
	}

}

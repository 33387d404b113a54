package org.modulehost.cache.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.cache.CachedFunction;
import org.modulehost.cache.ModuleCacheRegistry;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The write operations of {@code /actuator/modulecaches}, for an administrator holding the
 * {@code modulehost.admin.token}:
 * <ul>
 * <li>{@code DELETE /actuator/modulecaches/{cache}} drops every entry of a cache;</li>
 * <li>{@code POST /actuator/modulecaches/{cache}} with the JSON body {@code {"keys": [...]}} drops
 * one entry, or for a tree cache and fewer keys than key arguments every entry under that
 * prefix.</li>
 * </ul>
 * Both reach the other instances over the invalidation bus and answer 204; a request without
 * the token gets 401, an unknown cache 404, keys that do not fit the cache 400 with a message.
 * The keys are read as the method's parameter types ({@code 5} as a {@code long} for a
 * {@code long} parameter, a string as a {@code String}), so that they equal the cached keys.
 */
@EndpointWebExtension(endpoint = ModuleCachesEndpoint.class)
public class ModuleCachesEndpointWebExtension {

	private final ModuleCacheRegistry registry;

	private final EndpointKeys keys = new EndpointKeys();

	/**
	 * Creates the extension.
	 * @param registry the module caches
	 */
	public ModuleCachesEndpointWebExtension(ModuleCacheRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Drops every entry of a cache, on every instance.
	 * @param securityContext who asks
	 * @param cache the cache's name
	 * @return 204, or 401, 404
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> invalidateAll(SecurityContext securityContext, @Selector String cache) {
		WebEndpointResponse<Object> refusal = refusal(securityContext, cache);
		if (refusal != null) {
			return refusal;
		}
		this.registry.invalidateAll(cache);
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
	}

	/**
	 * Drops one entry, or a subtree of a tree cache, on every instance.
	 * @param securityContext who asks
	 * @param cache the cache's name
	 * @param keys the key arguments, or a prefix of them for a tree cache, as a JSON array
	 * @return 204, or 400, 401, 404
	 */
	@WriteOperation
	public WebEndpointResponse<Object> invalidate(SecurityContext securityContext, @Selector String cache,
			Object keys) {
		WebEndpointResponse<Object> refusal = refusal(securityContext, cache);
		if (refusal != null) {
			return refusal;
		}
		CachedFunction function = this.registry.cache(cache);
		try {
			List<@Nullable Object> converted = this.keys.convert(function, keys);
			this.registry.invalidate(cache, converted);
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getMessage());
		}
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
	}

	private @Nullable WebEndpointResponse<Object> refusal(SecurityContext securityContext, String cache) {
		if (!securityContext.isUserInRole(AdminTokenFilter.ROLE)) {
			return error(401, "Unauthorized",
					"Invalidating module caches needs the admin token: send 'Authorization: Bearer <modulehost.admin.token>'");
		}
		if (this.registry.cache(cache) == null) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found",
					"There is no module cache named '" + cache + "'; GET the modulecaches endpoint to list them");
		}
		return null;
	}

	private static WebEndpointResponse<Object> error(int status, String error, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", error);
		body.put("message", message);
		return new WebEndpointResponse<>(body, status);
	}

}

package org.modulehost.homeserver.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client well-known document, {@code /.well-known/matrix/client}: where clients find this
 * server's client API, from {@code homeserver.public-baseurl}, or {@code http://localhost:<port>/}
 * (the port the request came in on) when that is unset. Any web page may read it, as the spec
 * asks ({@code Access-Control-Allow-Origin: *}).
 */
@RestController
final class WellKnownController {

	private final @Nullable String publicBaseurl;

	WellKnownController(HomeserverProperties properties) {
		this.publicBaseurl = normalised(properties.getPublicBaseurl());
	}

	/**
	 * Checks the setting and makes it end with a slash, as Synapse does.
	 * @throws IllegalStateException naming the key when it is not an absolute http(s) URL
	 */
	static @Nullable String normalised(@Nullable String baseUrl) {
		if (baseUrl == null || baseUrl.isBlank()) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(baseUrl);
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || uri.getScheme() == null
				|| !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getQuery() != null
				|| uri.getFragment() != null) {
			throw new InvalidSettingException("homeserver.public-baseurl",
					"'" + baseUrl + "' is not an absolute http or https URL without query or fragment",
					"set it to the URL clients reach this server at, such as 'https://matrix.example.org/'");
		}
		return baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
	}

	@GetMapping("/.well-known/matrix/client")
	ResponseEntity<Map<String, Object>> client(HttpServletRequest request) {
		String baseUrl = (this.publicBaseurl != null) ? this.publicBaseurl
				: "http://localhost:" + request.getLocalPort() + "/";
		return ResponseEntity.ok()
			.header("Access-Control-Allow-Origin", "*")
			.body(Map.of("m.homeserver", Map.of("base_url", baseUrl)));
	}

}

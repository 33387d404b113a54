package org.modulehost.web;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host application of the web tests: auto-configuration plus a few controllers of its own,
 * standing in for the homeserver's built-in APIs.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebTestApplication.HostController.class)
public class WebTestApplication {

	/**
	 * The host's own endpoints, some inside reserved namespaces.
	 */
	@RestController
	static class HostController {

		@GetMapping("/_synapse/admin/v1/secret")
		Map<String, String> adminSecret() {
			return Map.of("served", "host:admin");
		}

		@GetMapping("/_matrix/client/versions")
		Map<String, String> clientVersions() {
			return Map.of("served", "host:client");
		}

		@GetMapping("/host/hello")
		Map<String, String> hello() {
			return Map.of("served", "host:hello");
		}

	}

}

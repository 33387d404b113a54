package org.modulehost.homeserver.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} on the client port: {@code 200 OK} with the body {@code OK} and nothing
 * else, as Synapse's, for a load balancer that can reach only the client port. The details
 * (modules, caches, Redis, readiness) are on the management port's actuator.
 */
@RestController
final class HealthController {

	@GetMapping("/health")
	ResponseEntity<String> health() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("OK");
	}

}

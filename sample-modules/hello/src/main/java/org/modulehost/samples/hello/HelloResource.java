package org.modulehost.samples.hello;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hello module's web resource, mounted at {@link HelloModule#PATH}; its mappings are
 * relative to that path. Errors are answered as Matrix JSON ({@code errcode}, {@code error}).
 */
@RestController
class HelloResource {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

	private final HelloModule module;

	HelloResource(HelloModule module) {
		this.module = module;
	}

	@GetMapping("/{name}")
	CompletableFuture<ResponseEntity<Map<String, Object>>> greet(@PathVariable String name) {
		if (!NAME.matcher(name).matches()) {
			return CompletableFuture.completedFuture(invalidName(name));
		}
		return this.module.greeting(name).thenApply((greeting) -> ResponseEntity.ok(greeting.toJson()));
	}

	@PostMapping("/{name}/refresh")
	CompletableFuture<ResponseEntity<Map<String, Object>>> refresh(@PathVariable String name) {
		if (!NAME.matcher(name).matches()) {
			return CompletableFuture.completedFuture(invalidName(name));
		}
		return this.module.refresh(name)
			.thenApply((done) -> ResponseEntity.ok(Map.<String, Object>of("name", name, "refreshed", true)));
	}

	private static ResponseEntity<Map<String, Object>> invalidName(String name) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.body(Map.of("errcode", "M_INVALID_PARAM", "error",
					"A name is 1 to 64 letters, digits, '.', '_', '~' or '-' (got " + name.length() + " characters)"));
	}

}

package org.modulehost.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.modulehost.api.ModuleApi;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Modules used by the web tests, loaded through {@code modules:} like any other.
 */
public final class TestModules {

	private TestModules() {
	}

	/**
	 * Mounts, at each path of {@code config.paths}, a handler that answers
	 * {@code <module>:<path> within=<path within the mount>}.
	 */
	public static class PathsModule {

		public PathsModule(Map<String, Object> config, ModuleApi api) {
			for (Object path : (List<?>) config.get("paths")) {
				api.registerWebResource((String) path, new Label(api.moduleName() + ":" + path));
			}
		}

	}

	/**
	 * Answers with its label and the path within its mount; {@code .../fail} throws.
	 */
	static final class Label implements HttpRequestHandler {

		private final String label;

		Label(String label) {
			this.label = label;
		}

		@Override
		public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
			Object within = request.getAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE);
			if ("fail".equals(within)) {
				response.setHeader("X-Partial", "yes");
				throw new IllegalStateException("handler secret detail at " + getClass().getName());
			}
			byte[] body = (this.label + " within=" + within).getBytes(StandardCharsets.UTF_8);
			response.setContentType("text/plain;charset=UTF-8");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}

		@Override
		public String toString() {
			return "Label[" + this.label + "]";
		}

	}

	/**
	 * Mounts a router function at {@code config.path}.
	 */
	public static class RouterModule {

		public RouterModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource((String) config.get("path"), routes(api.moduleName()));
		}

		static RouterFunction<ServerResponse> routes(String name) {
			return RouterFunctions.route()
				.GET("", (request) -> ServerResponse.ok().body(Map.of("served", name + ":root")))
				.GET("/hello", (request) -> ServerResponse.ok().body(Map.of("served", name + ":hello")))
				.GET("/items/{id}", (request) -> ServerResponse.ok()
					.body(Map.of("served", name + ":item", "id", request.pathVariable("id"))))
				.POST("/echo", (request) -> ServerResponse.ok().body(Map.of("echo", request.body(Map.class))))
				.GET("/fail", (request) -> {
					throw new IllegalStateException("router secret detail");
				})
				.build();
		}

	}

	/**
	 * Mounts a {@link Greetings} controller at {@code config.path}.
	 */
	public static class ControllerModule {

		public ControllerModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource((String) config.get("path"), new Greetings(api.moduleName()));
		}

	}

	/**
	 * A small controller of a module.
	 */
	@RestController
	public static class Greetings {

		private final String name;

		Greetings(String name) {
			this.name = name;
		}

		@GetMapping("/hello")
		public Map<String, String> hello() {
			return Map.of("served", this.name + ":hello");
		}

		@GetMapping("/items/{id}")
		public Map<String, String> item(@PathVariable String id) {
			return Map.of("served", this.name + ":item", "id", id);
		}

		@PostMapping("/echo")
		public Map<String, Object> echo(@RequestBody Map<String, Object> body) {
			return Map.of("echo", body);
		}

		@GetMapping("/fail")
		public String fail() {
			throw new IllegalStateException("controller secret detail");
		}

		@GetMapping("/forbidden")
		public String forbidden() {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}

	}

	/**
	 * Registers {@code config.resource} (handler, router, controller, string, null, class,
	 * nothing or ambiguous) at {@code config.path}; then fails if {@code config.fail} is true.
	 */
	public static class RegisteringModule {

		public RegisteringModule(Map<String, Object> config, ModuleApi api) {
			String path = (String) config.get("path");
			api.registerWebResource(path, resource(String.valueOf(config.getOrDefault("resource", "handler")),
					api.moduleName()));
			if (Boolean.parseBoolean(String.valueOf(config.get("fail")))) {
				throw new IllegalStateException("failing after registering " + path);
			}
		}

		static Object resource(String kind, String name) {
			return switch (kind) {
				case "handler" -> new Label(name);
				case "router" -> RouterModule.routes(name);
				case "controller" -> new Greetings(name);
				case "null" -> null;
				case "class" -> Greetings.class;
				case "nothing" -> new Object();
				case "ambiguous" -> new Ambiguous();
				default -> kind;
			};
		}

	}

	/**
	 * A controller with two methods for one mapping.
	 */
	public static class Ambiguous {

		@GetMapping("/x")
		public String one() {
			return "one";
		}

		@GetMapping("/x")
		public String two() {
			return "two";
		}

	}

	/**
	 * Tries to register {@code config.refused}, keeps the refusal's message, then registers
	 * {@code config.path}.
	 */
	public static class CatchingModule {

		private final List<String> refusals = new ArrayList<>();

		public CatchingModule(Map<String, Object> config, ModuleApi api) {
			try {
				api.registerWebResource((String) config.get("refused"), new Label(api.moduleName()));
			}
			catch (IllegalArgumentException ex) {
				this.refusals.add(ex.getMessage());
			}
			api.registerWebResource((String) config.get("path"), new Label(api.moduleName() + ":" + config.get("path")));
		}

		public List<String> refusals() {
			return this.refusals;
		}

	}

	/**
	 * Keeps its API and registers only when asked, after its constructor returned.
	 */
	public static class LateModule {

		private final ModuleApi api;

		public LateModule(Map<String, Object> config, ModuleApi api) {
			this.api = api;
		}

		public void registerLate() {
			this.api.registerWebResource("/_synapse/client/late", new Label("late"));
		}

	}

}

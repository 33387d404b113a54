package org.modulehost.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.modulehost.api.ModuleApi;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * The modules of the web tests in their WebFlux form, loaded through {@code modules:} like any
 * other. Controllers need no second form: {@link TestModules.Greetings} is mapped reactively as it
 * is.
 */
public final class WebFluxTestModules {

	private WebFluxTestModules() {
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
	static final class Label implements WebHandler {

		private final String label;

		Label(String label) {
			this.label = label;
		}

		@Override
		public Mono<Void> handle(ServerWebExchange exchange) {
			PathContainer within = exchange.getRequiredAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE);
			if ("fail".equals(within.value())) {
				exchange.getResponse().getHeaders().set("X-Partial", "yes");
				throw new IllegalStateException("handler secret detail at " + getClass().getName());
			}
			return text(exchange.getResponse(), this.label + " within=" + within.value());
		}

		@Override
		public String toString() {
			return "Label[" + this.label + "]";
		}

	}

	/**
	 * Mounts, at {@code config.path}, an {@link HttpHandler} that answers
	 * {@code <module> context=<context path> within=<path within the application>};
	 * {@code .../fail} fails.
	 */
	public static class HttpHandlerModule {

		public HttpHandlerModule(Map<String, Object> config, ModuleApi api) {
			String name = api.moduleName();
			HttpHandler handler = (request, response) -> {
				String within = request.getPath().pathWithinApplication().value();
				if (within.equals("/fail")) {
					return Mono.error(new IllegalStateException("http handler secret detail"));
				}
				return text(response, name + " context=" + request.getPath().contextPath().value() + " within=" + within);
			};
			api.registerWebResource((String) config.get("path"), handler);
		}

	}

	private static Mono<Void> text(ServerHttpResponse response, String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentType(MediaType.parseMediaType("text/plain;charset=UTF-8"));
		response.getHeaders().setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Mounts a WebFlux router function at {@code config.path}.
	 */
	public static class RouterModule {

		public RouterModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource((String) config.get("path"), routes(api.moduleName()));
		}

		static RouterFunction<ServerResponse> routes(String name) {
			return RouterFunctions.route()
				.GET("", (request) -> ServerResponse.ok().bodyValue(Map.of("served", name + ":root")))
				.GET("/hello", (request) -> ServerResponse.ok().bodyValue(Map.of("served", name + ":hello")))
				.GET("/items/{id}", (request) -> ServerResponse.ok()
					.bodyValue(Map.of("served", name + ":item", "id", request.pathVariable("id"))))
				.POST("/echo", (request) -> request.bodyToMono(Map.class)
					.flatMap((body) -> ServerResponse.ok().bodyValue(Map.of("echo", body))))
				.GET("/fail", (request) -> {
					throw new IllegalStateException("router secret detail");
				})
				.build();
		}

	}

	/**
	 * Registers {@code config.resource} (webhandler, httphandler, router, controller, servlet,
	 * string, null, class, nothing or ambiguous) at {@code config.path}; then fails if
	 * {@code config.fail} is true.
	 */
	public static class RegisteringModule {

		public RegisteringModule(Map<String, Object> config, ModuleApi api) {
			String path = (String) config.get("path");
			api.registerWebResource(path, resource(String.valueOf(config.getOrDefault("resource", "webhandler")),
					api.moduleName()));
			if (Boolean.parseBoolean(String.valueOf(config.get("fail")))) {
				throw new IllegalStateException("failing after registering " + path);
			}
		}

		static Object resource(String kind, String name) {
			return switch (kind) {
				case "webhandler" -> new Label(name);
				case "httphandler" -> (HttpHandler) (request, response) -> response.setComplete();
				case "router" -> RouterModule.routes(name);
				case "controller" -> new TestModules.Greetings(name);
				case "servlet" -> TestModules.RegisteringModule.resource("handler", name);
				default -> TestModules.RegisteringModule.resource(kind, name);
			};
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

}

package org.modulehost.web.reactive;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns an exception a module's resource raised into {@code 500} with a Matrix-style JSON body
 * that names nothing internal, and logs it with the module's name.
 *
 * <p>Only exceptions that nothing else turned into a response reach it: a module controller's own
 * {@code @ExceptionHandler}s and the application's {@code @ControllerAdvice} come first, and it
 * leaves Spring's standard exceptions ({@code ErrorResponse}: {@code 405} for an unsupported
 * method, {@code 400} for an unreadable body, the status of a {@code ResponseStatusException}) to
 * the application's error handling. Ordered ahead of Spring Boot's error handler ({@code -1}).
 */
public class ModuleWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** The order of this handler: ahead of Spring Boot's {@code ErrorWebExceptionHandler}. */
	public static final int ORDER = -2;

	private static final Log logger = LogFactory.getLog(ModuleWebExceptionHandler.class);

	private static final byte[] BODY = "{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}"
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		String module = exchange.getAttribute(ReactiveModuleHandlerMapping.MODULE_ATTRIBUTE);
		if (module == null || ex instanceof ErrorResponse) {
			return Mono.error(ex);
		}
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		logger.error("Module '" + module + "' failed to handle " + exchange.getRequest().getMethod() + " "
				+ ((pattern != null) ? pattern : "a request to its web resource"), ex);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		response.getHeaders().clear();
		response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(BODY.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(BODY)));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

package org.modulehost.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns an exception a module's resource threw into {@code 500} with a Matrix-style JSON body
 * that names nothing internal, and logs it with the module's name.
 *
 * <p>Ordered last, so the application's {@code @ExceptionHandler}s, a module controller's own,
 * and Spring's handling of its standard exceptions (e.g. {@code 405} for an unsupported method,
 * {@code 400} for an unreadable body, the status of a {@code ResponseStatusException}) come first.
 */
public class ModuleWebExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(ModuleWebExceptionResolver.class);

	static final byte[] BODY = "{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}"
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		String module = module(request, handler, ex);
		if (module == null) {
			return null;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		logger.error("Module '" + module + "' failed to handle " + request.getMethod() + " "
				+ ((pattern != null) ? pattern : "a request to its web resource"), ex);
		if (!response.isCommitted()) {
			try {
				response.reset();
				response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
				response.setContentType(MediaType.APPLICATION_JSON_VALUE);
				response.setContentLength(BODY.length);
				response.getOutputStream().write(BODY);
			}
			catch (IOException | IllegalStateException writeFailure) {
				logger.debug("Could not write the error response for module '" + module + "'", writeFailure);
			}
		}
		return new ModelAndView();
	}

	@Nullable
	private static String module(HttpServletRequest request, @Nullable Object handler, Exception ex) {
		if (ex instanceof ModuleRoutingException routing) {
			return routing.module();
		}
		if (handler != null && request.getAttribute(
				ModuleHandlerMapping.DISPATCH_ATTRIBUTE) instanceof ModuleHandlerMapping.ModuleDispatch dispatch
				&& dispatch.handler() == handler) {
			return dispatch.module();
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

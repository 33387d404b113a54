package org.modulehost.homeserver.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.homeserver.api.MatrixError;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link MatrixError} thrown by any handler, a module's web resource included (those
 * live outside the homeserver's packages, so its controller advice does not see them), as the
 * Matrix JSON error it describes, as Synapse's {@code DirectServeJsonResource} does for modules.
 */
final class ModuleMatrixErrorResolver implements HandlerExceptionResolver, Ordered {

	private final JsonMapper mapper;

	ModuleMatrixErrorResolver(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	@Nullable
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof MatrixError error) || response.isCommitted()) {
			return null;
		}
		try {
			response.resetBuffer();
			response.setStatus(error.httpStatus());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(this.mapper.writeValueAsString(error.toJson()));
			response.flushBuffer();
		}
		catch (IOException io) {
			return null;
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

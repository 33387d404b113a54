package org.modulehost.homeserver.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page: whatever went wrong before a homeserver endpoint was reached (an unknown path,
 * a method the path does not take, a request the server could not read) is answered as Matrix
 * JSON, as Synapse does, instead of Spring's error page.
 */
@RestController
final class MatrixErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer integer) ? integer : 404;
		return MatrixExceptionHandler.respond(errorFor(status));
	}

	static MatrixError errorFor(int status) {
		return switch (status) {
			case 404, 405 -> new MatrixError(status, Codes.UNRECOGNIZED, "Unrecognized request");
			case 401 -> new MatrixError(status, Codes.MISSING_TOKEN, "Missing access token");
			case 403 -> new MatrixError(status, Codes.FORBIDDEN, "Forbidden");
			case 413 -> new MatrixError(status, Codes.TOO_LARGE, "Request too large");
			case 429 -> new MatrixError(status, Codes.LIMIT_EXCEEDED, "Too many requests");
			default -> (status >= 400 && status < 500) ? new MatrixError(status, Codes.UNKNOWN, "Bad request")
					: new MatrixError((status >= 500 && status < 600) ? status : 500, Codes.UNKNOWN,
							"Internal server error");
		};
	}

}

package org.modulehost.homeserver.web;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.support.ModuleFailedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers every failure of the homeserver's endpoints as Matrix JSON, never a stack trace.
 */
@RestControllerAdvice(basePackages = "org.modulehost.homeserver")
final class MatrixExceptionHandler {

	private static final Log logger = LogFactory.getLog(MatrixExceptionHandler.class);

	@ExceptionHandler(MatrixError.class)
	ResponseEntity<Map<String, Object>> matrixError(MatrixError error) {
		return respond(error);
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class })
	ResponseEntity<Map<String, Object>> notJson(Exception ex) {
		MatrixError tooLarge = JsonBodyLimitFilter.cause(ex);
		if (tooLarge != null) {
			return respond(tooLarge);
		}
		return respond(new MatrixError(400, Codes.NOT_JSON, "Content not JSON."));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException ex) {
		return respond(new MatrixError(400, Codes.MISSING_PARAM, "Missing parameter: " + ex.getParameterName()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> invalidParameter(MethodArgumentTypeMismatchException ex) {
		return respond(new MatrixError(400, Codes.INVALID_PARAM, "Invalid value for parameter: " + ex.getName()));
	}

	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone(AsyncRequestNotUsableException ex) {
		logger.debug("Client went away before its response was written", ex);
	}

	@ExceptionHandler(ModuleFailedException.class)
	ResponseEntity<Map<String, Object>> moduleFailed(ModuleFailedException ex) {
		logger.error(ex.getMessage(), ex);
		return respond(new MatrixError(500, Codes.UNKNOWN, "Internal server error"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		logger.error("Request failed", ex);
		return respond(new MatrixError(500, Codes.UNKNOWN, "Internal server error"));
	}

	static ResponseEntity<Map<String, Object>> respond(MatrixError error) {
		return ResponseEntity.status(HttpStatus.valueOf(error.httpStatus()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(error.toJson());
	}

}

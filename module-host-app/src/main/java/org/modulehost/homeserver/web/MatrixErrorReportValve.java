package org.modulehost.homeserver.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Answers the errors Tomcat raises itself, before any servlet runs (a path with an encoded
 * {@code /} or a NUL, a malformed request line), as Matrix JSON instead of Tomcat's HTML page:
 * 400 {@code M_UNKNOWN}, 404 {@code M_UNRECOGNIZED}, other statuses {@code M_UNKNOWN}. Errors the
 * application answered already are left alone.
 */
public final class MatrixErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String errcode = (status == 404) ? "M_UNRECOGNIZED" : "M_UNKNOWN";
		String error = (status == 400) ? "Bad request" : (status == 404) ? "Unrecognized request" : "Request failed";
		byte[] body = ("{\"errcode\":\"" + errcode + "\",\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			response.setContentLength(body.length);
			OutputStream out = response.getOutputStream();
			out.write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone; nothing to answer.
		}
	}

}

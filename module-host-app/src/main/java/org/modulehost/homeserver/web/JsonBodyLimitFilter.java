package org.modulehost.homeserver.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the body of every request to the homeserver's JSON API
 * ({@code homeserver.limits.max-json-body-size}), before it is read into memory: a
 * {@code Content-Length} over the limit is answered 413 {@code M_TOO_LARGE} without reading the
 * body, and a body without one (chunked) is counted as it is read and cut off with the same error
 * as soon as it passes the limit, so no reader ever holds more than the limit and one byte.
 */
final class JsonBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final JsonMapper mapper;

	JsonBodyLimitFilter(long maxBytes, JsonMapper mapper) {
		this.maxBytes = maxBytes;
		this.mapper = mapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			refuse(response);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
		}
		catch (ServletException | RuntimeException ex) {
			// A reader outside the controllers' exception handling met the limit.
			if (cause(ex) == null || response.isCommitted()) {
				throw ex;
			}
			response.reset();
			refuse(response);
		}
	}

	private void refuse(HttpServletResponse response) throws IOException {
		response.setStatus(413);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		byte[] body = this.mapper.writeValueAsBytes(new BodyTooLarge(this.maxBytes).toJson());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * Finds the error of a body over the limit in a chain of causes.
	 * @param ex an exception
	 * @return the error, or {@code null} if the exception was not caused by one
	 */
	static @Nullable MatrixError cause(@Nullable Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLarge tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

	/**
	 * The error of a body over the limit, told apart from other errors wherever it is wrapped.
	 */
	static final class BodyTooLarge extends MatrixError {

		BodyTooLarge(long maxBytes) {
			super(413, Codes.TOO_LARGE, "Request body too large: the limit is " + maxBytes + " bytes");
		}

	}

	/**
	 * A request whose body stream stops with {@link BodyTooLarge} past the limit.
	 */
	static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private @Nullable LimitedInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/**
	 * Counts the bytes read and fails once they pass the limit.
	 */
	static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			// Never ask for more than one byte past the limit.
			long room = this.maxBytes + 1 - this.count;
			int n = this.delegate.read(buffer, offset, (int) Math.max(1, Math.min(length, room)));
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw new BodyTooLarge(this.maxBytes);
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}

package org.modulehost.cache.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Recognises the admin token on actuator requests: a request whose
 * {@code Authorization: Bearer <token>} header carries {@code modulehost.admin.token} is seen by
 * the endpoints as the user {@value #PRINCIPAL} in the role {@value #ROLE}. The filter only
 * authenticates; the write operations decide, so no path spelling can reach them without the
 * token. Tokens are compared in constant time (as SHA-256 digests, so the length does not leak
 * either). A 401 answer gets a {@code WWW-Authenticate: Bearer} challenge.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

	/** The role of a request carrying the admin token. */
	static final String ROLE = "MODULEHOST_ADMIN";

	/** The user name of a request carrying the admin token. */
	static final String PRINCIPAL = "modulehost-admin";

	private static final String BEARER = "Bearer ";

	private final byte[] expected;

	AdminTokenFilter(String token) {
		this.expected = digest(token);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletResponse challenging = new ChallengingResponse(response);
		if (carriesToken(request)) {
			chain.doFilter(new AdminRequest(request), challenging);
		}
		else {
			chain.doFilter(request, challenging);
		}
	}

	private boolean carriesToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return MessageDigest.isEqual(this.expected, digest(header.substring(BEARER.length()).trim()));
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

	private static final class AdminRequest extends HttpServletRequestWrapper {

		private static final Principal principal = () -> PRINCIPAL;

		AdminRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return principal;
		}

		@Override
		public boolean isUserInRole(String role) {
			return ROLE.equals(role) || super.isUserInRole(role);
		}

		@Override
		public String getAuthType() {
			return "Bearer";
		}

	}

	private static final class ChallengingResponse extends HttpServletResponseWrapper {

		ChallengingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setStatus(int status) {
			challenge(status);
			super.setStatus(status);
		}

		@Override
		public void sendError(int status) throws IOException {
			challenge(status);
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			challenge(status);
			super.sendError(status, message);
		}

		private void challenge(int status) {
			if (status == HttpServletResponse.SC_UNAUTHORIZED && !containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
				setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"modulehost\"");
			}
		}

	}

}

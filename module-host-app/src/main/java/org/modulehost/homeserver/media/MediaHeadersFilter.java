package org.modulehost.homeserver.media;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets Synapse's protective headers on every media response, errors included: a sandboxing
 * {@code Content-Security-Policy} (so that an uploaded HTML or SVG file cannot run script in the
 * server's origin), {@code X-Content-Type-Options: nosniff} and a cross-origin resource policy
 * that lets web clients embed media.
 */
final class MediaHeadersFilter extends OncePerRequestFilter {

	static final String POLICY = "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; "
			+ "style-src 'unsafe-inline'; media-src 'self'; object-src 'self';";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", POLICY);
		response.setHeader("X-Content-Security-Policy", "sandbox;");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
		chain.doFilter(request, response);
	}

}

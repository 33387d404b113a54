package org.modulehost.homeserver.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads every request body of the Matrix API as JSON, whatever its {@code Content-Type} says, as
 * Synapse does: {@code curl -d '{…}'} sends {@code application/x-www-form-urlencoded}, which the
 * servlet container would otherwise parse into form parameters and so consume. Such requests are
 * presented as {@code application/json}, and their parameters are those of the query string only.
 */
final class JsonContentTypeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		boolean form = contentType != null
				&& contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
		chain.doFilter(form ? new JsonRequest(request) : request, response);
	}

	/**
	 * A form-encoded request presented as JSON.
	 */
	static final class JsonRequest extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		JsonRequest(HttpServletRequest request) {
			super(request);
			Map<String, String[]> parameters = new LinkedHashMap<>();
			String query = request.getQueryString();
			if (query != null) {
				MultiValueMap<String, String> values = UriComponentsBuilder.fromUriString("?" + query)
					.build()
					.getQueryParams();
				values.forEach((name, list) -> parameters.put(decode(name),
						list.stream().map(JsonRequest::decode).toArray(String[]::new)));
			}
			this.parameters = Collections.unmodifiableMap(parameters);
		}

		private static String decode(@Nullable String value) {
			return (value != null) ? URLDecoder.decode(value, StandardCharsets.UTF_8) : "";
		}

		@Override
		public String getContentType() {
			return MediaType.APPLICATION_JSON_VALUE;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return "Content-Type".equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return "Content-Type".equalsIgnoreCase(name)
					? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE)) : super.getHeaders(name);
		}

		@Override
		public @Nullable String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String @Nullable [] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

}

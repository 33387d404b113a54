package org.modulehost.homeserver.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.storage.JsonCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link JsonBody} handler-method parameter (optionally annotated
 * {@link JsonRequestBody @JsonRequestBody}) from the request body, with the same errors as
 * {@link JsonBody#parse(byte[], JsonCodec, boolean)}.
 * <p>
 * The body is read through the request's input stream, which {@link JsonBodyLimitFilter} has
 * wrapped, so a body over the limit still fails with 413 {@code M_TOO_LARGE}; an I/O error while
 * reading is a {@link HttpMessageNotReadableException}, as for a {@code @RequestBody byte[]}. The
 * bytes are read once per request and kept in a request attribute, so that
 * {@link RequesterArgumentResolver} can read them before it authenticates (see there).
 */
final class JsonBodyArgumentResolver implements HandlerMethodArgumentResolver {

	private static final String BYTES_ATTRIBUTE = JsonBodyArgumentResolver.class.getName() + ".bytes";

	private final ObjectProvider<JsonCodec> json;

	JsonBodyArgumentResolver(ObjectProvider<JsonCodec> json) {
		this.json = json;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == JsonBody.class;
	}

	@Override
	public JsonBody resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		JsonRequestBody annotation = parameter.getParameterAnnotation(JsonRequestBody.class);
		boolean allowEmpty = (annotation != null) && annotation.allowEmpty();
		return JsonBody.parse(bytes(webRequest), this.json.getObject(), allowEmpty);
	}

	/**
	 * Tells whether a handler method takes a parsed body.
	 * @param parameter any parameter of the method
	 * @return whether one of its parameters is resolved here
	 */
	static boolean takesBody(MethodParameter parameter) {
		for (Class<?> type : parameter.getExecutable().getParameterTypes()) {
			if (type == JsonBody.class) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads the request body, once per request.
	 * @param webRequest the request
	 * @return the bytes, possibly empty
	 * @throws HttpMessageNotReadableException on an I/O error
	 */
	static byte[] bytes(NativeWebRequest webRequest) {
		Object read = webRequest.getAttribute(BYTES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (read instanceof byte[] bytes) {
			return bytes;
		}
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		if (request == null) {
			throw new IllegalStateException("Not a servlet request: " + webRequest);
		}
		byte[] bytes;
		try {
			bytes = StreamUtils.copyToByteArray(request.getInputStream());
		}
		catch (IOException ex) {
			throw new HttpMessageNotReadableException("I/O error while reading input message", ex,
					new ServletServerHttpRequest(request));
		}
		webRequest.setAttribute(BYTES_ATTRIBUTE, bytes, RequestAttributes.SCOPE_REQUEST);
		return bytes;
	}

}

package org.modulehost.homeserver.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.users.Authenticator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link Requester} handler-method parameter to the user who made the request,
 * authenticated by {@link Authenticator#authenticate} (the model is Spring Security's
 * {@code AuthenticationPrincipalArgumentResolver}): a missing or unknown access token is 401
 * {@code M_MISSING_TOKEN} or {@code M_UNKNOWN_TOKEN}, an account a module says expired 403
 * {@code ORG_MATRIX_EXPIRED_ACCOUNT}.
 * <p>
 * Spring resolves parameters in declaration order, so a controller declares the requester where
 * it used to authenticate: before a {@link JsonBody}, so that an unauthenticated request with a
 * bad body is 401 and not 400, and after the path variables and request parameters whose binding
 * errors it answered first. When the method takes a {@code JsonBody}, the body is read (not
 * parsed) before authenticating, as the {@code @RequestBody byte[]} it replaces was and as
 * Synapse's web server does, so a body over the limit stays 413 even without a token.
 * <p>
 * Endpoints that authenticate differently call {@link Authenticator} themselves: the logouts
 * ({@code Authenticator.token(request, true)}, which need the token and let expired accounts
 * through), joins and account data (which check an alias or a room id before the token). A
 * controller that must check something else first, or parse its body only after a permission
 * check, keeps {@code @RequestBody byte[]} and {@link JsonBody#parse} for that endpoint.
 */
final class RequesterArgumentResolver implements HandlerMethodArgumentResolver {

	private final ObjectProvider<Authenticator> authenticator;

	RequesterArgumentResolver(ObjectProvider<Authenticator> authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Requester.class;
	}

	@Override
	public Requester resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		if (JsonBodyArgumentResolver.takesBody(parameter)) {
			JsonBodyArgumentResolver.bytes(webRequest);
		}
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		if (request == null) {
			throw new IllegalStateException("Not a servlet request: " + webRequest);
		}
		return this.authenticator.getObject().authenticate(request);
	}

}

package org.modulehost.homeserver.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link JsonBody} handler-method parameter of a homeserver controller to the request
 * body, parsed as a JSON object: a body that is not JSON is 400 {@code M_NOT_JSON}, one that is
 * JSON but not an object 400 {@code M_BAD_JSON}, and a body over
 * {@code homeserver.limits.max-json-body-size} 413 {@code M_TOO_LARGE}. A {@code JsonBody}
 * parameter without this annotation is bound as if it had it with its defaults.
 * <p>
 * Declare a {@link org.modulehost.homeserver.api.Requester} parameter <em>before</em> the body
 * on an endpoint that needs a user: Spring resolves parameters in declaration order, so a
 * request without a valid access token is then answered 401 even when its body is bad, as in
 * Synapse.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JsonRequestBody {

	/**
	 * Whether an empty (or missing) body counts as {@code {}} instead of 400 {@code M_NOT_JSON}.
	 * @return whether an empty body is allowed
	 */
	boolean allowEmpty() default false;

}

package org.modulehost.api.callback;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets how the answers of several modules to one callback combine, and what an exception does.
 * A callback method without this annotation behaves as if it had it with its defaults.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Callback {

	/**
	 * How the registered callbacks' answers combine.
	 * @return {@link Combine#DEFAULT}: {@link Combine#FIRST_DECISIVE} for callbacks with a
	 * result, {@link Combine#ALL} for {@code void} ones (or {@code CompletionStage<Void>})
	 */
	Combine combine() default Combine.DEFAULT;

	/**
	 * What an exception, a timeout or a {@code null} stage from a module does.
	 * @return {@link OnError#DEFAULT}: {@link OnError#PROPAGATE} for
	 * {@link Combine#FIRST_DECISIVE}, {@link OnError#SKIP} otherwise
	 */
	OnError onError() default OnError.DEFAULT;

}

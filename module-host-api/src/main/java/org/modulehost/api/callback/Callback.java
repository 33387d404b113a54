package org.modulehost.api.callback;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets how the answers of several modules to one callback combine, and what an exception does.
 * A callback method without this annotation behaves as if it had it with its defaults.
 *
 * <p>The rules are checked when the category is first used (a dispatcher is requested or a
 * module registers): {@link Combine#FIRST_DECISIVE} and {@link Combine#COLLECT} need a result,
 * and {@code COLLECT} needs a {@code Map}, {@code List}, {@code Set} or {@code Collection}
 * (directly or as the value of a {@code CompletionStage}); otherwise the category is refused with
 * an {@link IllegalArgumentException} naming the method.
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
	 * {@link Combine#FIRST_DECISIVE}, {@link OnError#SKIP} for {@link Combine#ALL},
	 * {@link Combine#COLLECT} and {@link Combine#EXCLUSIVE}
	 */
	OnError onError() default OnError.DEFAULT;

}

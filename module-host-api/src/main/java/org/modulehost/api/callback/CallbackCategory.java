package org.modulehost.api.callback;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a callback category.
 *
 * <p>Each callback is a {@code default} method whose body returns the neutral answer, meaning
 * "this module has no opinion"; the body may depend on the arguments. A module implements the
 * interface, overrides the callbacks it cares about and registers the object with
 * {@link org.modulehost.api.ModuleApi#registerCallbacks(Class, Object)}; a host calls the
 * category through {@link CallbackRegistry#dispatcher(Class)}. How the answers of several modules
 * combine is set per method with {@link Callback}.
 *
 * <p>Every non-static method of the interface, including those it inherits, must be a
 * {@code default} method. A callback is synchronous, or asynchronous when it returns
 * {@code CompletionStage<T>} or {@code CompletableFuture<T>}; only asynchronous callbacks run
 * under the timeout {@code modulehost.callbacks.timeout}, which
 * {@code modulehost.callbacks.categories.<name>.timeout} overrides for the category named
 * {@link #value()}. The interface should be public: modules in other packages implement it.
 *
 * <pre class="code">
 * &#64;CallbackCategory("spam_checker")
 * public interface SpamChecker {
 *     default CompletionStage&lt;Verdict&gt; checkEventForSpam(Event event) {
 *         return CompletableFuture.completedFuture(Verdict.NOT_SPAM);
 *     }
 *     &#64;Callback(combine = Combine.ALL)
 *     default void onEventPersisted(Event event) {
 *     }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CallbackCategory {

	/**
	 * The category's name as it appears in metrics, logs, the actuator and the per-category
	 * settings, e.g. {@code spam_checker}. Not blank.
	 * @return the name
	 */
	String value();

}

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
 * "this module has no opinion". A module implements the interface, overrides the callbacks it
 * cares about and registers the object with
 * {@link org.modulehost.api.ModuleApi#registerCallbacks(Class, Object)}; a host calls the
 * category through {@link CallbackRegistry#dispatcher(Class)}. How the answers of several modules
 * combine is set per method with {@link Callback}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CallbackCategory {

	/**
	 * The category's name as it appears in metrics, logs and the actuator, e.g.
	 * {@code spam_checker}.
	 * @return the name
	 */
	String value();

}

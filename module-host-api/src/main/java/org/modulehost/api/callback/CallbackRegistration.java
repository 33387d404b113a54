package org.modulehost.api.callback;

import java.lang.reflect.Method;

/**
 * One registered callback, as listed by {@link CallbackRegistry#registrations(Class)}.
 *
 * @param moduleName the module that registered it
 * @param category the category interface
 * @param callback the category's method the module overrides
 * @param target the module's object implementing the category
 */
public record CallbackRegistration(String moduleName, Class<?> category, Method callback, Object target) {

}

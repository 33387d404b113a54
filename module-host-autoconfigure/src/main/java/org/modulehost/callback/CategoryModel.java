package org.modulehost.callback;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.modulehost.api.callback.CallbackCategory;

/**
 * A callback category interface, validated once: its name and its callbacks in a stable order
 * (by method name, then parameter types). Shared by every registry in the JVM.
 */
final class CategoryModel {

	private static final ClassValue<Object> MODELS = new ClassValue<>() {

		@Override
		protected Object computeValue(Class<?> type) {
			try {
				return new CategoryModel(type);
			}
			catch (IllegalArgumentException ex) {
				return ex;
			}
		}

	};

	private final Class<?> type;

	private final String name;

	private final List<CallbackModel> callbacks;

	private CategoryModel(Class<?> type) {
		CallbackCategory annotation = type.getAnnotation(CallbackCategory.class);
		if (!type.isInterface() || type.isAnnotation() || annotation == null) {
			throw new IllegalArgumentException(type.getName() + " is not a callback category: a category is an"
					+ " interface annotated @CallbackCategory(\"name\") whose default methods are the callbacks");
		}
		if (annotation.value().isBlank()) {
			throw new IllegalArgumentException("Callback category " + type.getName()
					+ " has a blank name; give it one in @CallbackCategory(\"name\"), e.g. \"spam_checker\"");
		}
		this.type = type;
		this.name = annotation.value();
		List<Method> methods = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			if (!method.isDefault()) {
				throw new IllegalArgumentException("Callback " + this.name + "." + method.getName() + " ("
						+ type.getName() + ") is abstract; every method of a callback category needs a default body"
						+ " that returns the neutral answer (\"no opinion\")");
			}
			methods.add(method);
		}
		methods.sort(Comparator.comparing(Method::getName)
			.thenComparing((method) -> Arrays.toString(method.getParameterTypes())));
		List<CallbackModel> callbacks = new ArrayList<>(methods.size());
		for (Method method : methods) {
			callbacks.add(CallbackModel.of(this.name, method, callbacks.size()));
		}
		this.callbacks = List.copyOf(callbacks);
	}

	/**
	 * Returns the model of a category.
	 * @param type the category interface
	 * @return its model
	 * @throws IllegalArgumentException if {@code type} is not a valid callback category
	 */
	static CategoryModel of(Class<?> type) {
		Object model = MODELS.get(type);
		if (model instanceof IllegalArgumentException ex) {
			throw new IllegalArgumentException(ex.getMessage());
		}
		return (CategoryModel) model;
	}

	Class<?> type() {
		return this.type;
	}

	String name() {
		return this.name;
	}

	List<CallbackModel> callbacks() {
		return this.callbacks;
	}

	/**
	 * Returns the callbacks an implementation class overrides, in this model's order. A class
	 * overrides a callback when it, or one of its superclasses, declares the method (a bridge
	 * method for a covariant override counts), or when it inherits a default body from an
	 * interface more specific than the one declaring the callback.
	 * @param implementation a class implementing the category
	 * @return the overridden callbacks
	 */
	List<CallbackModel> overriddenBy(Class<?> implementation) {
		List<CallbackModel> overridden = new ArrayList<>();
		for (CallbackModel callback : this.callbacks) {
			if (overrides(implementation, callback.method())) {
				overridden.add(callback);
			}
		}
		return overridden;
	}

	private static boolean overrides(Class<?> implementation, Method method) {
		for (Class<?> type = implementation; type != null && type != Object.class; type = type.getSuperclass()) {
			for (Method declared : type.getDeclaredMethods()) {
				if (!Modifier.isStatic(declared.getModifiers()) && sameSignature(declared, method)) {
					return true;
				}
			}
		}
		for (Method inherited : implementation.getMethods()) {
			if (sameSignature(inherited, method) && inherited.getDeclaringClass() != method.getDeclaringClass()
					&& method.getDeclaringClass().isAssignableFrom(inherited.getDeclaringClass())) {
				return true;
			}
		}
		return false;
	}

	private static boolean sameSignature(Method candidate, Method method) {
		return candidate.getName().equals(method.getName())
				&& Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes());
	}

	@Override
	public String toString() {
		return this.name + " (" + this.type.getName() + ")";
	}

}

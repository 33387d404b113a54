package org.modulehost.callback;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleDetailsContributor;

/**
 * Adds {@code callbacks} to a module's entry in {@code /actuator/modules}: per category, the
 * module's callbacks in evaluation order, each with its rules and its place among all modules
 * registered for it, e.g.
 * {@code {"spam_checker": [{"callback": "checkEvent", "combine": "FIRST_DECISIVE",
 * "onError": "PROPAGATE", "position": 2, "of": 3}]}}.
 */
final class CallbacksDetailsContributor implements ModuleDetailsContributor {

	private final CallbackRegistry registry;

	CallbacksDetailsContributor(CallbackRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String key() {
		return "callbacks";
	}

	@Override
	@Nullable
	public Object details(LoadedModule module) {
		Map<String, List<Map<String, Object>>> details = new LinkedHashMap<>();
		for (Class<?> category : this.registry.categories()) {
			CategoryModel model = CategoryModel.of(category);
			List<CallbackRegistration> registrations = this.registry.registrations(category);
			List<Map<String, Object>> callbacks = new ArrayList<>();
			for (CallbackRegistration registration : registrations) {
				if (registration.moduleName().equals(module.name())) {
					callbacks.add(describe(model, registration, registrations));
				}
			}
			if (!callbacks.isEmpty()) {
				details.put(model.name(), callbacks);
			}
		}
		return details.isEmpty() ? null : details;
	}

	private static Map<String, Object> describe(CategoryModel model, CallbackRegistration registration,
			List<CallbackRegistration> registrations) {
		Method method = registration.callback();
		List<CallbackRegistration> sameCallback = registrations.stream()
			.filter((other) -> other.callback().equals(method))
			.toList();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("callback", method.getName());
		model.callbacks().stream().filter((callback) -> callback.method().equals(method)).findFirst().ifPresent(
				(callback) -> {
					description.put("combine", callback.combine().name());
					description.put("onError", callback.onError().name());
					description.put("async", callback.async());
				});
		description.put("position", sameCallback.indexOf(registration) + 1);
		description.put("of", sameCallback.size());
		return description;
	}

}

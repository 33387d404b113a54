package org.modulehost.host;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ConfigError;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.Validator;

/**
 * Turns a module's raw {@code config:} mapping into what its constructor takes: the result of
 * its {@code parseConfig}, the raw mapping itself, or the mapping bound to the constructor's
 * parameter type with Spring Boot's binder (with Bean Validation when a validator is available).
 */
final class ModuleConfigResolver {

	private static final String ROOT = "config";

	@Nullable
	private final Validator validator;

	ModuleConfigResolver(@Nullable Validator validator) {
		this.validator = validator;
	}

	Object resolve(ModuleDefinition definition, Class<?> moduleClass, Class<?> configType) {
		Method parseConfig = parseConfigMethod(moduleClass);
		if (parseConfig != null) {
			return parse(definition, parseConfig, configType);
		}
		if (configType == Map.class || configType == Object.class) {
			return definition.config();
		}
		return bind(definition, configType);
	}

	@Nullable
	private static Method parseConfigMethod(Class<?> moduleClass) {
		for (Method method : moduleClass.getMethods()) {
			if (method.getName().equals("parseConfig") && Modifier.isStatic(method.getModifiers())
					&& method.getParameterCount() == 1 && method.getParameterTypes()[0].isAssignableFrom(Map.class)) {
				return method;
			}
		}
		return null;
	}

	private Object parse(ModuleDefinition definition, Method parseConfig, Class<?> configType) {
		Object parsed;
		try {
			parsed = parseConfig.invoke(null, definition.config());
		}
		catch (InvocationTargetException ex) {
			Throwable failure = ex.getTargetException();
			throw configFailure(definition, failure, "parseConfig");
		}
		catch (IllegalAccessException ex) {
			throw new ModuleLoadException(definition.path(), definition.className(),
					"parseConfig cannot be called: " + ex.getMessage(), "Make parseConfig public and static.", ex);
		}
		if (parsed == null || !org.springframework.util.ClassUtils.isAssignableValue(configType, parsed)) {
			throw new ModuleLoadException(definition.path(List.of(ROOT)), definition.className(),
					"parseConfig returned " + ((parsed != null) ? parsed.getClass().getName() : "null")
							+ " but the constructor takes " + configType.getName(),
					"Make parseConfig return the type of the constructor's first parameter.", null);
		}
		return parsed;
	}

	/**
	 * Describes an exception from a module's {@code parseConfig} or constructor as a start-up
	 * failure at the right place of its configuration.
	 */
	static ModuleLoadException configFailure(ModuleDefinition definition, Throwable failure, String where) {
		if (failure instanceof ConfigError error) {
			List<String> keys = new ArrayList<>();
			keys.add(ROOT);
			keys.addAll(error.path());
			return new ModuleLoadException(definition.path(keys), definition.className(), error.getMessage(),
					"Correct the module's configuration at " + definition.path(keys) + ".",
					definition.originOf(keys), error);
		}
		return new ModuleLoadException(definition.path(List.of(ROOT)), definition.className(),
				where + " failed: " + failure, "Check the module's configuration against its documentation; the"
						+ " cause below is the module's own exception.",
				definition.originOf(List.of(ROOT)), failure);
	}

	private Object bind(ModuleDefinition definition, Class<?> configType) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten(ROOT, definition.config(), flat);
		MapConfigurationPropertySource source = new MapConfigurationPropertySource(flat);
		Binder binder = new Binder(List.of(source), null, ApplicationConversionService.getSharedInstance());
		BindHandler handler = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
		if (this.validator != null) {
			handler = new ValidationBindHandler(handler, this.validator);
		}
		try {
			return binder.bindOrCreate(ROOT, Bindable.of(configType), handler);
		}
		catch (BindException ex) {
			throw bindFailure(definition, configType, ex, new WrittenKeys(flat.keySet()));
		}
	}

	/**
	 * Finds the keys as the operator wrote them for a name the binder reports in its canonical
	 * form ({@code config.joinattempts} for {@code join_attempts}), or a Java property path
	 * from a validation error ({@code joinAttempts}).
	 */
	static final class WrittenKeys {

		private final Map<ConfigurationPropertyName, List<String>> written = new LinkedHashMap<>();

		WrittenKeys(Iterable<String> flatNames) {
			for (String flat : flatNames) {
				List<String> keys = PropertyNames.split(flat, false);
				for (int i = 1; i <= keys.size(); i++) {
					List<String> prefix = keys.subList(0, i);
					ConfigurationPropertyName name = ConfigurationPropertyName.adapt(join(prefix), '.');
					this.written.putIfAbsent(name, List.copyOf(prefix));
				}
			}
		}

		List<String> of(String reported, boolean rooted) {
			List<String> keys = keysOf(reported, rooted);
			List<String> written = this.written.get(ConfigurationPropertyName.adapt(join(keys), '.'));
			return (written != null) ? written : keys;
		}

		private static String join(List<String> keys) {
			StringBuilder name = new StringBuilder();
			for (String key : keys) {
				if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
					name.append('[').append(key).append(']');
				}
				else {
					name.append((name.length() > 0) ? "." : "").append(key.replace(".", ""));
				}
			}
			return name.toString();
		}

	}

	private static ModuleLoadException bindFailure(ModuleDefinition definition, Class<?> configType, BindException ex,
			WrittenKeys written) {
		Throwable cause = ex.getCause();
		if (cause instanceof BindValidationException validation) {
			List<ObjectError> errors = validation.getValidationErrors().getAllErrors();
			ObjectError first = errors.get(0);
			List<String> keys = (first instanceof FieldError field) ? written.of(field.getField(), false) : List.of(ROOT);
			StringBuilder problem = new StringBuilder(String.valueOf(first.getDefaultMessage()));
			if (errors.size() > 1) {
				problem.append(" (and ").append(errors.size() - 1).append(" more: ");
				for (int i = 1; i < errors.size(); i++) {
					ObjectError other = errors.get(i);
					problem.append(i > 1 ? "; " : "")
						.append(other instanceof FieldError f ? f.getField() + " " : "")
						.append(other.getDefaultMessage());
				}
				problem.append(')');
			}
			return new ModuleLoadException(definition.path(keys), definition.className(), problem.toString(),
					"Change the value at " + definition.path(keys) + " so that it satisfies the constraint.",
					definition.originOf(keys), ex);
		}
		if (cause instanceof UnboundConfigurationPropertiesException unbound) {
			Set<ConfigurationProperty> properties = unbound.getUnboundProperties();
			ConfigurationProperty first = properties.iterator().next();
			List<String> keys = written.of(first.getName().toString(), true);
			return new ModuleLoadException(definition.path(keys), definition.className(),
					"not a setting of " + configType.getSimpleName(),
					"Remove it or correct its spelling; the settings are the components of " + configType.getName() + ".",
					definition.originOf(keys), ex);
		}
		List<String> keys = written.of(ex.getName().toString(), true);
		ConfigurationProperty property = ex.getProperty();
		String value = (property != null) ? " '" + property.getValue() + "'" : "";
		String reason = (cause != null) ? rootMessage(cause) : ex.getMessage();
		return new ModuleLoadException(definition.path(keys), definition.className(),
				"cannot bind" + value + " to " + ex.getTarget().getType() + ": " + reason,
				"Change the value at " + definition.path(keys) + " to one the module's configuration type accepts.",
				definition.originOf(keys), ex);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.toString();
	}

	/** Splits a property name (below the binding root when {@code rooted}) into keys. */
	private static List<String> keysOf(String name, boolean rooted) {
		List<String> keys = PropertyNames.split(name, false);
		if (rooted && !keys.isEmpty() && keys.get(0).equals(ROOT)) {
			keys.remove(0);
		}
		keys.add(0, ROOT);
		return keys;
	}

	private static void flatten(String prefix, @Nullable Object node, Map<String, Object> flat) {
		if (node instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				return;
			}
			map.forEach((key, value) -> {
				String name = String.valueOf(key);
				boolean plain = name.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '-' || c == '_')
						&& !name.isEmpty();
				flatten(prefix + (plain ? "." + name : "[" + name + "]"), value, flat);
			});
		}
		else if (node instanceof List<?> list) {
			if (list.isEmpty()) {
				flat.put(prefix, "");
				return;
			}
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), flat);
			}
		}
		else if (node != null) {
			flat.put(prefix, node);
		}
	}

}

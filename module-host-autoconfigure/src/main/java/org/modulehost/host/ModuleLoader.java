package org.modulehost.host;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.ModuleApi;
import org.springframework.util.ClassUtils;

/**
 * Builds one module from its entry: resolves the class, picks the constructor, resolves the
 * configuration, offers the API type the constructor asks for, and calls the constructor with
 * the registration window open.
 */
final class ModuleLoader {

	private final ClassLoader classLoader;

	private final @Nullable ModuleBundles bundles;

	private final ModuleConfigResolver configResolver;

	private final List<ModuleClassPreparer> preparers;

	private final List<ModuleApiFactory<?>> apiFactories;

	private final Function<ModuleRegistration, ModuleApi> baseApi;

	ModuleLoader(ClassLoader classLoader, @Nullable ModuleBundles bundles, ModuleConfigResolver configResolver,
			List<ModuleClassPreparer> preparers, List<ModuleApiFactory<?>> apiFactories,
			Function<ModuleRegistration, ModuleApi> baseApi) {
		this.classLoader = classLoader;
		this.bundles = bundles;
		this.configResolver = configResolver;
		this.preparers = preparers;
		this.apiFactories = apiFactories;
		this.baseApi = baseApi;
	}

	Class<?> resolveClass(ModuleDefinition definition) {
		String className = definition.className();
		if (className == null || className.isBlank()) {
			throw new ModuleLoadException(definition.path(List.of("module")), null, "no module class given",
					"Add 'module: <fully qualified class name>' to the entry.", definition.originOf(List.of()), null);
		}
		ModuleBundles.@Nullable Bundle bundle = (this.bundles != null) ? this.bundles.holding(definition, className.trim())
				: null;
		ClassLoader loader = (bundle != null) ? bundle.loader() : this.classLoader;
		Class<?> moduleClass;
		try {
			moduleClass = ClassUtils.forName(className.trim(), loader);
		}
		catch (NoClassDefFoundError ex) {
			throw (bundle != null) ? missingDependency(definition, bundle.loader(), ex) : notFound(definition, className, ex);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw notFound(definition, className, ex);
		}
		if (!Modifier.isPublic(moduleClass.getModifiers()) || Modifier.isAbstract(moduleClass.getModifiers())
				|| moduleClass.isInterface()
				|| (moduleClass.getEnclosingClass() != null && !Modifier.isStatic(moduleClass.getModifiers()))) {
			throw new ModuleLoadException(definition.path(List.of("module")), className,
					"not a public, concrete, top-level or static nested class",
					"Make the module class public and concrete.", definition.originOf(List.of("module")), null);
		}
		return moduleClass;
	}

	private ModuleLoadException notFound(ModuleDefinition definition, String className, Throwable ex) {
		Set<String> near = new LinkedHashSet<>(ClassNameSuggestions.near(className.trim(), this.classLoader));
		if (this.bundles != null) {
			this.bundles.bundles()
				.forEach((bundle) -> near.addAll(ClassNameSuggestions.near(className.trim(), bundle.loader())));
		}
		String action = near.isEmpty()
				? "Check the class name's spelling and that the module's jar is on the class path or in the module"
						+ " bundle directory (" + ModuleBundles.PROPERTY + ", by default ./modules)."
				: "Did you mean " + String.join(" or ", near) + "? Otherwise check that the module's jar is on"
						+ " the class path or in the module bundle directory.";
		return new ModuleLoadException(definition.path(List.of("module")), className,
				"class not found" + (ex instanceof LinkageError ? " (" + ex + ")" : ""), action,
				definition.originOf(List.of("module")), ex);
	}

	/**
	 * A class of a bundled module links against a class that neither its bundle nor the host has.
	 */
	static ModuleLoadException missingDependency(ModuleDefinition definition, BundleClassLoader loader,
			NoClassDefFoundError error) {
		String missing = String.valueOf(error.getMessage()).replace('/', '.');
		String bundle = loader.describe();
		return new ModuleLoadException(definition.path(List.of("module")), definition.className(),
				"the module's bundle " + bundle + " holds the class, but it needs " + missing
						+ ", which neither the bundle nor the host has (" + error + ")",
				"Add the jar that holds " + missing + " to the bundle's lib/ directory (a directory or zip bundle: the"
						+ " module jar at the top, its dependencies in lib/; see docs/modules.md).",
				definition.originOf(List.of("module")), error);
	}

	Object build(ModuleDefinition definition, Class<?> moduleClass, ModuleRegistration registration) {
		try {
			return construct(definition, moduleClass, registration);
		}
		catch (NoClassDefFoundError ex) {
			if (moduleClass.getClassLoader() instanceof BundleClassLoader loader) {
				throw missingDependency(definition, loader, ex);
			}
			throw ex;
		}
	}

	private Object construct(ModuleDefinition definition, Class<?> moduleClass, ModuleRegistration registration) {
		Constructor<?> constructor = constructor(definition, moduleClass);
		Class<?> configType = constructor.getParameterTypes()[0];
		Class<?> apiType = constructor.getParameterTypes()[1];
		Object config = this.configResolver.resolve(definition, moduleClass, configType);
		Class<?> prepared = prepare(definition, moduleClass);
		Constructor<?> target = (prepared == moduleClass) ? constructor : preparedConstructor(definition, prepared, constructor);
		ModuleApi api = api(definition, apiType, registration);
		registration.open(true);
		Object instance;
		try {
			instance = target.newInstance(config, api);
		}
		catch (InvocationTargetException ex) {
			RuntimeException refusal = registration.refusal();
			if (refusal == null && ex.getTargetException() instanceof NoClassDefFoundError error) {
				throw error;
			}
			throw (refusal != null) ? refused(definition, refusal) : constructorFailure(definition, ex.getTargetException());
		}
		catch (InstantiationException | IllegalAccessException ex) {
			throw new ModuleLoadException(definition.path(), definition.className(), "cannot be instantiated: " + ex,
					"Make the module class public and concrete, with a public constructor (config, api).", ex);
		}
		finally {
			registration.open(false);
		}
		RuntimeException refusal = registration.refusal();
		if (refusal != null) {
			throw refused(definition, refusal);
		}
		return instance;
	}

	private static ModuleLoadException refused(ModuleDefinition definition, RuntimeException refusal) {
		if (refusal instanceof ModuleLoadException loadException) {
			return loadException;
		}
		return new ModuleLoadException(definition.path(), definition.className(),
				"a registration was refused: " + refusal.getMessage(),
				"Change the module or its configuration so that it registers only what the host allows"
						+ " (see the message above).",
				definition.originOf(List.of()), refusal);
	}

	private static ModuleLoadException constructorFailure(ModuleDefinition definition, Throwable failure) {
		if (failure instanceof ModuleLoadException loadException) {
			return loadException;
		}
		if (failure instanceof org.modulehost.api.ConfigError) {
			return ModuleConfigResolver.configFailure(definition, failure, "the constructor");
		}
		return new ModuleLoadException(definition.path(), definition.className(), "the constructor threw " + failure,
				"See the module's exception below; it is the module's own failure, often a configuration value it"
						+ " could not use.",
				definition.originOf(List.of()), failure);
	}

	private Constructor<?> constructor(ModuleDefinition definition, Class<?> moduleClass) {
		List<Constructor<?>> candidates = new ArrayList<>();
		for (Constructor<?> constructor : moduleClass.getConstructors()) {
			if (constructor.getParameterCount() == 2 && ModuleApi.class.isAssignableFrom(constructor.getParameterTypes()[1])) {
				candidates.add(constructor);
			}
		}
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		String problem = candidates.isEmpty() ? "no public constructor (config, ModuleApi)"
				: "several public constructors (config, ModuleApi): " + candidates;
		throw new ModuleLoadException(definition.path(List.of("module")), definition.className(), problem,
				"Give the module class exactly one public constructor whose parameters are its configuration"
						+ " (a Map, a record or a bean) and ModuleApi (or an API type the host offers).",
				definition.originOf(List.of("module")), null);
	}

	private Class<?> prepare(ModuleDefinition definition, Class<?> moduleClass) {
		Class<?> prepared = moduleClass;
		for (ModuleClassPreparer preparer : this.preparers) {
			try {
				prepared = preparer.prepare(prepared);
			}
			catch (IllegalArgumentException ex) {
				throw new ModuleLoadException(definition.path(List.of("module")), definition.className(),
						ex.getMessage(), "Change the module class as the message says.",
						definition.originOf(List.of("module")), ex);
			}
		}
		return prepared;
	}

	private static Constructor<?> preparedConstructor(ModuleDefinition definition, Class<?> prepared,
			Constructor<?> original) {
		try {
			return prepared.getConstructor(original.getParameterTypes());
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("The class generated for " + definition.className()
					+ " lacks the constructor " + original, ex);
		}
	}

	private ModuleApi api(ModuleDefinition definition, Class<?> apiType, ModuleRegistration registration) {
		ModuleApi base = this.baseApi.apply(registration);
		if (apiType.isInstance(base)) {
			return base;
		}
		for (ModuleApiFactory<?> factory : this.apiFactories) {
			if (apiType.isAssignableFrom(factory.apiType())) {
				return factory.create(base, registration);
			}
		}
		String offered = offered();
		throw new ModuleLoadException(definition.path(List.of("module")), definition.className(),
				"the constructor asks for " + apiType.getName() + ", which this host does not offer",
				"Write the constructor's second parameter as one of the API types this host offers: " + offered + ".",
				definition.originOf(List.of("module")), null);
	}

	private String offered() {
		List<String> names = new ArrayList<>();
		names.add(ModuleApi.class.getName());
		this.apiFactories.forEach((factory) -> names.add(factory.apiType().getName()));
		return names.stream().collect(Collectors.joining(", "));
	}

}

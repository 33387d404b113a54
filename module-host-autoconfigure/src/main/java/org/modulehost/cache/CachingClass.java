package org.modulehost.cache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.matcher.ElementMatchers;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.Cached;

/**
 * A module class with {@link Cached @Cached} methods and the subclass generated for it, whose
 * overrides send every call, including the module's own calls through {@code this}, to the
 * method's {@link CachedFunction} once the module registered it, and straight to the module's
 * implementation before.
 *
 * <p>One subclass is generated per module class and JVM (it is defined in the module class's
 * own package and class loader, so that package-private methods can be overridden too), and
 * shared by every module entry and application context that uses the class.
 */
final class CachingClass {

	private static final Object lock = new Object();

	private static final ClassValue<CachingClass> classes = new ClassValue<>() {

		@Override
		protected CachingClass computeValue(Class<?> type) {
			synchronized (lock) {
				return create(type);
			}
		}

	};

	private final Class<?> moduleClass;

	private final Class<?> generated;

	private final Map<String, CachedMethodSpec> specs;

	private final MethodHandle[] setters;

	private final MethodHandle[] implementations;

	private CachingClass(Class<?> moduleClass, Class<?> generated, Map<String, CachedMethodSpec> specs,
			MethodHandle[] setters, MethodHandle[] implementations) {
		this.moduleClass = moduleClass;
		this.generated = generated;
		this.specs = specs;
		this.setters = setters;
		this.implementations = implementations;
	}

	/**
	 * Returns the caching view of a module class, generating its subclass on first use.
	 * @param moduleClass the module class
	 * @return the view; for a class without cached methods, one whose generated class is the
	 * class itself
	 * @throws IllegalArgumentException if a {@code @Cached} declaration cannot be honoured
	 */
	static CachingClass of(Class<?> moduleClass) {
		return classes.get(moduleClass);
	}

	Class<?> moduleClass() {
		return this.moduleClass;
	}

	Class<?> generated() {
		return this.generated;
	}

	@Nullable
	CachedMethodSpec find(String signature) {
		return this.specs.get(signature);
	}

	boolean isCaching(Object instance) {
		return !this.specs.isEmpty() && instance.getClass() == this.generated;
	}

	/**
	 * Points a module instance's override of a cached method at a cache.
	 * @param instance an instance of the generated class
	 * @param spec the method
	 * @param function the cache, or {@code null} to call the module's implementation directly
	 */
	void bind(Object instance, CachedMethodSpec spec, @Nullable CachedFunction function) {
		try {
			this.setters[spec.slot()].invoke(instance, function);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot bind the cache of " + spec.describe(), ex);
		}
	}

	/**
	 * Returns the module's own implementation of a cached method, bound to an instance, taking
	 * and returning {@code Object}s.
	 * @param instance an instance of the generated class
	 * @param spec the method
	 * @return a handle of type {@code (Object...)Object} with the method's arity
	 */
	MethodHandle implementation(Object instance, CachedMethodSpec spec) {
		return this.implementations[spec.slot()].bindTo(instance)
			.asType(MethodType.genericMethodType(spec.method().getParameterCount()));
	}

	private static CachingClass create(Class<?> moduleClass) {
		List<Method> methods = cachedMethods(moduleClass);
		if (methods.isEmpty()) {
			return new CachingClass(moduleClass, moduleClass, Map.of(), new MethodHandle[0], new MethodHandle[0]);
		}
		List<String> problems = new ArrayList<>();
		if (Modifier.isFinal(moduleClass.getModifiers())) {
			problems.add("the class is final but has @Cached methods; the host caches them through a generated"
					+ " subclass, so remove 'final' from the class");
		}
		Map<String, CachedMethodSpec> specs = new LinkedHashMap<>();
		Set<String> names = new HashSet<>();
		for (Method method : methods) {
			check(moduleClass, method, problems);
			if (!names.add(method.getName())) {
				problems.add("the class has several @Cached methods named '" + method.getName()
						+ "'; caches are named <module>.<method>, so give each @Cached method its own name");
			}
			CachedMethodSpec spec = CachedMethodSpec.of(specs.size(), method, method.getAnnotation(Cached.class));
			specs.put(spec.signature(), spec);
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		return generate(moduleClass, specs);
	}

	private static void check(Class<?> moduleClass, Method method, List<String> problems) {
		Cached cached = method.getAnnotation(Cached.class);
		String where = "@Cached method " + CachedMethodSpec.describe(method);
		int modifiers = method.getModifiers();
		int parameters = method.getParameterCount();
		if (Modifier.isStatic(modifiers)) {
			problems.add(where + " is static; @Cached applies to instance methods, so remove 'static'");
			return;
		}
		if (Modifier.isPrivate(modifiers)) {
			problems.add(where + " is private; make it public, protected or package-private so that the host can"
					+ " intercept calls to it");
		}
		else if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)
				&& !method.getDeclaringClass().getPackageName().equals(moduleClass.getPackageName())) {
			problems.add(where + " is package-private in another package than the module class; make it public or"
					+ " protected");
		}
		if (Modifier.isFinal(modifiers)) {
			problems.add(where + " is final; remove 'final' so that the host can intercept calls to it");
		}
		if (parameters < 1 || parameters > 3) {
			problems.add(where + " has " + parameters + " parameters; a cached function takes 1 to 3, the arities"
					+ " ModuleApi.registerCachedFunction accepts");
		}
		if (method.getReturnType() == void.class) {
			problems.add(where + " returns nothing to cache; return the value, or a CompletableFuture of it");
		}
		int numArgs = cached.numArgs();
		if (numArgs < -1 || numArgs > parameters) {
			problems.add("@Cached(numArgs = " + numArgs + ") on " + CachedMethodSpec.describe(method)
					+ " must be between 0 and its " + parameters + " parameters, or -1 for all of them");
			numArgs = parameters;
		}
		int keyArgs = (numArgs == -1) ? parameters : numArgs;
		if (cached.tree() && keyArgs < 2) {
			problems.add("@Cached(tree = true) on " + CachedMethodSpec.describe(method)
					+ " needs at least 2 key arguments, not " + keyArgs
					+ ": a tree cache is invalidated by a prefix of its key; drop 'tree = true' or key on more"
					+ " arguments");
		}
		if (cached.maxEntries() < 0) {
			problems.add("@Cached(maxEntries = " + cached.maxEntries() + ") on " + CachedMethodSpec.describe(method)
					+ " must not be negative");
		}
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < Math.min(keyArgs, types.length); i++) {
			if (types[i].isArray()) {
				problems.add("key argument " + (i + 1) + " of " + CachedMethodSpec.describe(method)
						+ " is an array, which is compared by identity, so the cache would never hit; take a List"
						+ " instead, or leave the argument out of the key with numArgs");
			}
		}
	}

	/**
	 * Finds the {@code @Cached} methods a module class declares or inherits: for each signature
	 * the most specific declaration counts.
	 */
	static List<Method> cachedMethods(Class<?> moduleClass) {
		List<Method> cached = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Class<?> type = moduleClass; type != null && type != Object.class; type = type.getSuperclass()) {
			for (Method method : type.getDeclaredMethods()) {
				if (method.isBridge() || method.isSynthetic()) {
					continue;
				}
				String signature = method.getName() + MethodType.methodType(void.class, method.getParameterTypes());
				boolean overridden = !seen.add(signature);
				if (!overridden && method.isAnnotationPresent(Cached.class)) {
					cached.add(method);
				}
			}
		}
		return cached;
	}

	private static CachingClass generate(Class<?> moduleClass, Map<String, CachedMethodSpec> specs) {
		DynamicType.Builder<?> builder = new ByteBuddy(ClassFileVersion.JAVA_V17)
			.subclass(moduleClass, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_PUBLIC)
			.name(moduleClass.getName() + "$ModuleHost$Cached")
			.modifiers(Visibility.PUBLIC);
		for (CachedMethodSpec spec : specs.values()) {
			Method method = spec.method();
			builder = builder.defineField(spec.field(), CachedFunction.class, Visibility.PUBLIC)
				.method(ElementMatchers.is(method))
				.intercept(new CachedCall(spec.field(), method.getParameterCount()))
				.defineMethod(spec.superAccessor(), method.getReturnType(), Visibility.PUBLIC)
				.withParameters(method.getParameterTypes())
				.intercept(MethodCall.invoke(method).onSuper().withAllArguments());
		}
		try (DynamicType.Unloaded<?> unloaded = builder.make()) {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(moduleClass, MethodHandles.lookup());
			Class<?> generated = lookup.defineClass(unloaded.getBytes());
			MethodHandle[] setters = new MethodHandle[specs.size()];
			MethodHandle[] implementations = new MethodHandle[specs.size()];
			for (CachedMethodSpec spec : specs.values()) {
				Method method = spec.method();
				setters[spec.slot()] = lookup.findSetter(generated, spec.field(), CachedFunction.class);
				implementations[spec.slot()] = lookup.findVirtual(generated, spec.superAccessor(),
						MethodType.methodType(method.getReturnType(), method.getParameterTypes()));
			}
			return new CachingClass(moduleClass, generated, Map.copyOf(specs), setters, implementations);
		}
		catch (IllegalAccessException | NoSuchMethodException | NoSuchFieldException ex) {
			throw new IllegalStateException("Cannot generate the caching subclass of " + moduleClass.getName()
					+ "; its package must be open to the module host", ex);
		}
	}

}

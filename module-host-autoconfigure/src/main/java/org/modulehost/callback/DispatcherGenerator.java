package org.modulehost.callback;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.SyntheticState;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.loading.MultipleParentClassLoader;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import org.jspecify.annotations.Nullable;

/**
 * Generates, once per category interface, a class implementing it whose methods dispatch to the
 * registered modules: a plain loop of interface calls for synchronous callbacks, a hand-over to
 * {@link AsyncDispatch} for asynchronous ones. The class is defined in the category's package
 * and class loader, and holds one {@link CallbackSlot} per callback.
 */
final class DispatcherGenerator {

	private static final AtomicLong COUNTER = new AtomicLong();

	private static final ClassValue<Constructor<?>> DISPATCHERS = new ClassValue<>() {

		@Override
		protected Constructor<?> computeValue(Class<?> type) {
			Class<?> generated = generate(CategoryModel.of(type));
			try {
				return generated.getConstructor(CallbackSlot[].class);
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException("Generated dispatcher " + generated + " lacks its constructor", ex);
			}
		}

	};

	private DispatcherGenerator() {
	}

	/**
	 * Creates a dispatcher for a category.
	 * @param model the category
	 * @param slots the registry's slots, one per callback in the model's order
	 * @return the dispatcher, an instance of the category interface
	 */
	static Object instantiate(CategoryModel model, CallbackSlot[] slots) {
		try {
			return DISPATCHERS.get(model.type()).newInstance((Object) slots);
		}
		catch (InstantiationException | IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot create the dispatcher of " + model, ex);
		}
	}

	/**
	 * Returns a handle that calls a callback on any target with boxed arguments, type
	 * {@code (Object target, Object[] arguments) Object}.
	 * @param method the callback
	 * @return the handle
	 */
	static MethodHandle invoker(Method method) {
		MethodHandle handle;
		try {
			handle = lookup(method.getDeclaringClass()).unreflect(method);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalArgumentException("Cannot call " + method + ": make the category interface public", ex);
		}
		int parameters = method.getParameterCount();
		return handle.asType(MethodType.genericMethodType(1 + parameters)).asSpreader(Object[].class, parameters);
	}

	private static MethodHandles.Lookup lookup(Class<?> type) {
		MethodHandles.@Nullable Lookup lookup = privateLookup(type);
		return (lookup != null) ? lookup : MethodHandles.publicLookup();
	}

	private static MethodHandles.@Nullable Lookup privateLookup(Class<?> type) {
		try {
			return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

	private static Class<?> generate(CategoryModel model) {
		Class<?> category = model.type();
		List<CallbackModel> callbacks = model.callbacks();
		DynamicType.Builder<Object> builder = new ByteBuddy()
			.subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
			.name(category.getName() + "$$CallbackDispatcher$" + COUNTER.incrementAndGet())
			.modifiers(Visibility.PUBLIC, TypeManifestation.FINAL, SyntheticState.SYNTHETIC)
			.implement(category);
		for (CallbackModel callback : callbacks) {
			builder = builder.defineField(DispatchAppender.slotField(callback), CallbackSlot.class, Visibility.PRIVATE,
					FieldManifestation.FINAL);
		}
		builder = builder.defineConstructor(Visibility.PUBLIC)
			.withParameters(CallbackSlot[].class)
			.intercept(new Implementation.Simple(new DispatchAppender.Constructor(callbacks)));
		for (CallbackModel callback : callbacks) {
			builder = builder.method(ElementMatchers.is(callback.method()))
				.intercept(new Implementation.Simple(new DispatchAppender(category, callback)));
		}
		builder = builder.method(ElementMatchers.isToString())
			.intercept(FixedValue.value("CallbackDispatcher[" + model.name() + "]"));
		ClassLoader loader = category.getClassLoader();
		TypePool types = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(
				(loader != null) ? loader : ClassLoader.getPlatformClassLoader()));
		DynamicType.Unloaded<Object> unloaded = builder
			.visit(new AsmVisitorWrapper.ForDeclaredMethods().writerFlags(ClassWriter.COMPUTE_FRAMES))
			.make(types);
		return load(unloaded, category);
	}

	private static Class<?> load(DynamicType.Unloaded<Object> unloaded, Class<?> category) {
		ClassLoader loader = category.getClassLoader();
		MethodHandles.@Nullable Lookup lookup = privateLookup(category);
		if (lookup != null && loader != null && sees(loader, CallbackSlot.class)) {
			return unloaded.load(loader, ClassLoadingStrategy.UsingLookup.of(lookup)).getLoaded();
		}
		if (!Modifier.isPublic(category.getModifiers())) {
			throw new IllegalArgumentException("Callback category " + category.getName()
					+ " is not public and its package is not open to the module host; make the interface public");
		}
		ClassLoader parent = new MultipleParentClassLoader.Builder().append(category, CallbackSlot.class).build();
		return unloaded.load(parent, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
	}

	private static boolean sees(ClassLoader loader, Class<?> type) {
		try {
			return Class.forName(type.getName(), false, loader) == type;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}

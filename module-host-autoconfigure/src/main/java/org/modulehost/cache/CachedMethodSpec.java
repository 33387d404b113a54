package org.modulehost.cache;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.api.Cached;

/**
 * A validated {@link Cached @Cached} method of a module class and the names of what the
 * generated subclass adds for it.
 *
 * @param slot the method's index among the class's cached methods
 * @param method the declared method
 * @param numArgs how many leading arguments form the key (the annotation's {@code -1} resolved)
 * @param tree whether the cache can be invalidated by a key prefix
 * @param maxEntries the capacity before the cache factor
 * @param async whether the method returns a {@code CompletableFuture} or {@code CompletionStage}
 */
record CachedMethodSpec(int slot, Method method, int numArgs, boolean tree, int maxEntries, boolean async) {

	static CachedMethodSpec of(int slot, Method method, Cached cached) {
		int numArgs = (cached.numArgs() == -1) ? method.getParameterCount() : cached.numArgs();
		Class<?> returnType = method.getReturnType();
		boolean async = returnType == CompletableFuture.class || returnType == CompletionStage.class;
		return new CachedMethodSpec(slot, method, numArgs, cached.tree(), cached.maxEntries(), async);
	}

	/** Returns the name of the generated field holding the method's cache. */
	String field() {
		return "$modulehost$cache$" + this.slot;
	}

	/** Returns the name of the generated method that calls the module's own implementation. */
	String superAccessor() {
		return "$modulehost$super$" + this.slot;
	}

	/** Returns the method's name and JVM descriptor, as a method reference's lambda names it. */
	String signature() {
		return signature(this.method.getName(),
				MethodType.methodType(this.method.getReturnType(), this.method.getParameterTypes())
					.toMethodDescriptorString());
	}

	static String signature(String name, String descriptor) {
		return name + descriptor;
	}

	/** Returns the method as a reader would write it, e.g. {@code HelloModule.greet(String)}. */
	String describe() {
		return describe(this.method);
	}

	static String describe(Method method) {
		StringBuilder text = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			text.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return text.append(')').toString();
	}

}

package org.modulehost.cache;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.CachedMethod;

/**
 * What a {@link CachedMethod} designates, read from the serialized form the compiler gives
 * every serializable lambda: the implementing method's name and descriptor, and the captured
 * receiver of a bound method reference such as {@code this::getDepartmentForUser}.
 *
 * @param name the implementing method's name ({@code lambda$...} for a lambda expression)
 * @param descriptor the implementing method's JVM descriptor
 * @param receiver the captured receiver, or {@code null} when nothing or more than one value
 * was captured
 */
record MethodReference(String name, String descriptor, @Nullable Object receiver) {

	static MethodReference of(CachedMethod<?> method) {
		SerializedLambda lambda = serialized(method);
		Object receiver = (lambda.getCapturedArgCount() == 1) ? lambda.getCapturedArg(0) : null;
		return new MethodReference(lambda.getImplMethodName(), lambda.getImplMethodSignature(), receiver);
	}

	private static SerializedLambda serialized(CachedMethod<?> method) {
		try {
			Method writeReplace = method.getClass().getDeclaredMethod("writeReplace");
			writeReplace.setAccessible(true);
			if (writeReplace.invoke(method) instanceof SerializedLambda lambda) {
				return lambda;
			}
		}
		catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException ex) {
			throw notAReference(method, ex);
		}
		throw notAReference(method, null);
	}

	private static IllegalArgumentException notAReference(CachedMethod<?> method, @Nullable Throwable cause) {
		return new IllegalArgumentException("Expected a method reference to a @Cached method of the module, such as"
				+ " this::getDepartmentForUser, but got " + method.getClass().getName(), cause);
	}

	boolean isLambdaExpression() {
		return this.name.startsWith("lambda$");
	}

	String signature() {
		return CachedMethodSpec.signature(this.name, this.descriptor);
	}

}

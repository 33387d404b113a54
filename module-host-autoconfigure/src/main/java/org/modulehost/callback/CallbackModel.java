package org.modulehost.callback;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.Callback;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;

/**
 * One callback of a category with its rules resolved: how answers combine, what a failure does,
 * whether it answers through a {@link CompletionStage}.
 *
 * @param method the category's default method
 * @param index the callback's position in {@link CategoryModel#callbacks()}
 * @param combine the combination rule, never {@link Combine#DEFAULT}
 * @param onError the error policy, never {@link OnError#DEFAULT}
 * @param async whether the callback returns a {@code CompletionStage}
 * @param noResult whether it returns {@code void} or {@code CompletionStage<Void>}
 * @param merger how answers merge, for {@link Combine#COLLECT}
 */
record CallbackModel(Method method, int index, Combine combine, OnError onError, boolean async, boolean noResult,
		@Nullable Merger merger) {

	String name() {
		return this.method.getName();
	}

	static CallbackModel of(String categoryName, Method method, int index) {
		Class<?> returnType = method.getReturnType();
		boolean async = CompletionStage.class.isAssignableFrom(returnType);
		String where = "Callback " + categoryName + "." + method.getName() + " (" + method.getDeclaringClass().getName()
				+ ")";
		if (async && !returnType.isAssignableFrom(CompletableFuture.class)) {
			throw new IllegalArgumentException(where + " returns " + returnType.getName()
					+ ", a stage type the dispatcher cannot produce; declare CompletionStage<T> or CompletableFuture<T>");
		}
		Type resultType = async ? typeArgument(method.getGenericReturnType()) : method.getGenericReturnType();
		boolean noResult = returnType == void.class || (async && resultType == Void.class);
		Callback annotation = method.getAnnotation(Callback.class);
		Combine combine = (annotation != null) ? annotation.combine() : Combine.DEFAULT;
		if (combine == Combine.DEFAULT) {
			combine = noResult ? Combine.ALL : Combine.FIRST_DECISIVE;
		}
		if (noResult && (combine == Combine.FIRST_DECISIVE || combine == Combine.COLLECT)) {
			throw new IllegalArgumentException(where + " is " + combine + " but has no result; return a value or use "
					+ "combine = ALL (or EXCLUSIVE)");
		}
		Merger merger = null;
		if (combine == Combine.COLLECT) {
			merger = Merger.of(rawClass(resultType));
			if (merger == null) {
				throw new IllegalArgumentException(where + " is COLLECT but returns " + resultType.getTypeName()
						+ "; COLLECT merges a Map, List, Set or Collection result");
			}
		}
		OnError onError = (annotation != null) ? annotation.onError() : OnError.DEFAULT;
		if (onError == OnError.DEFAULT) {
			onError = (combine == Combine.FIRST_DECISIVE) ? OnError.PROPAGATE : OnError.SKIP;
		}
		return new CallbackModel(method, index, combine, onError, async, noResult, merger);
	}

	@Nullable
	private static Type typeArgument(Type stageType) {
		if (stageType instanceof ParameterizedType parameterized) {
			return parameterized.getActualTypeArguments()[0];
		}
		return null;
	}

	@Nullable
	private static Class<?> rawClass(@Nullable Type type) {
		if (type instanceof Class<?> rawClass) {
			return rawClass;
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
			return raw;
		}
		return null;
	}

}

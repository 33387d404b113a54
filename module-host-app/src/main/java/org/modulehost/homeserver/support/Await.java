package org.modulehost.homeserver.support;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.MatrixError;

/**
 * Waits for the stages callbacks return, on the request's thread, and turns their failures into
 * what the client sees.
 */
public final class Await {

	private Await() {
	}

	/**
	 * Waits for a callback dispatch whose failures propagate: a {@link MatrixError} anywhere in
	 * the failure's causes reaches the client unchanged, anything else becomes a
	 * {@link ModuleFailedException} (500).
	 * @param <T> the result type
	 * @param stage the dispatch
	 * @param callback the callback's name, for the log
	 * @return the result
	 */
	public static <T> T callback(CompletionStage<T> stage, String callback) {
		try {
			return join(stage);
		}
		catch (RuntimeException | Error ex) {
			MatrixError error = matrixError(ex);
			if (error != null) {
				throw error;
			}
			throw new ModuleFailedException(callback, ex);
		}
	}

	/**
	 * Waits for a stage and rethrows its failure unwrapped.
	 * @param <T> the result type
	 * @param stage the stage
	 * @return the result
	 */
	public static <T> T join(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().join();
		}
		catch (CompletionException | CancellationException ex) {
			throw unwrap(ex);
		}
	}

	/**
	 * Finds the {@link MatrixError} in a failure's causes.
	 * @param failure the failure
	 * @return the error, or {@code null} if there is none
	 */
	public static @Nullable MatrixError matrixError(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MatrixError error) {
				return error;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private static RuntimeException unwrap(RuntimeException ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new CompletionException(cause);
	}

}

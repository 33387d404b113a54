package org.modulehost.api;

/**
 * A handle on work scheduled through {@link ModuleApi#loopingBackgroundCall} or
 * {@link ModuleApi#delayedBackgroundCall}.
 */
public interface BackgroundCall {

	/**
	 * Stops the call: a run that has not started will not start, a looping call does not run
	 * again. A run already under way finishes. Calling this more than once has no further effect.
	 */
	void cancel();

	/**
	 * Tells whether {@link #cancel()} was called, or the host cancelled the call at shut-down.
	 * @return {@code true} once the call is cancelled
	 */
	boolean isCancelled();

}

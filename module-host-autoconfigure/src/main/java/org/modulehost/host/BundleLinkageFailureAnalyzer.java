package org.modulehost.host;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link NoClassDefFoundError} thrown in a module bundle's code while the application
 * starts (outside a module's construction, which {@link ModuleFailureAnalyzer} explains): which
 * bundle, which class is missing, and that its jar belongs in the bundle's {@code lib/}.
 */
class BundleLinkageFailureAnalyzer extends AbstractFailureAnalyzer<NoClassDefFoundError> {

	private static final String PREFIX = "bundle:";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoClassDefFoundError cause) {
		StackTraceElement frame = bundleFrame(cause);
		if (frame == null) {
			return null;
		}
		String bundle = frame.getClassLoaderName().substring(PREFIX.length());
		String missing = String.valueOf(cause.getMessage()).replace('/', '.');
		return new FailureAnalysis("A class of the module bundle '" + bundle + "' (" + frame.getClassName()
				+ ") needs " + missing + ", which neither the bundle nor the host has.",
				"Add the jar that holds " + missing + " to the lib/ directory of the bundle '" + bundle + "' in the"
						+ " module bundle directory (" + ModuleBundles.PROPERTY + ", by default ./modules); a single-jar"
						+ " bundle becomes a directory holding the module jar and lib/ (see docs/modules.md).",
				cause);
	}

	private static @Nullable StackTraceElement bundleFrame(Throwable failure) {
		for (StackTraceElement frame : failure.getStackTrace()) {
			String loader = frame.getClassLoaderName();
			if (loader != null && loader.startsWith(PREFIX)) {
				return frame;
			}
		}
		return null;
	}

}

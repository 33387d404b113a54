package org.modulehost.host;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A missing class met by a bundle's code during start-up, outside a module's construction.
 */
class BundleLinkageFailureAnalyzerTests {

	private final BundleLinkageFailureAnalyzer analyzer = new BundleLinkageFailureAnalyzer();

	@Test
	void aMissingClassMetInABundlesCodeNamesTheBundleTheClassAndTheFix() {
		NoClassDefFoundError error = new NoClassDefFoundError("com/google/common/base/MoreObjects");
		error.setStackTrace(new StackTraceElement[] {
				new StackTraceElement("bundle:antispam", null, null, "com.example.antispam.Rules", "load", "Rules.java",
						12),
				new StackTraceElement("app", null, null, "org.modulehost.host.ModuleHost", "load", "ModuleHost.java",
						90) });
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("moduleHost", "failed", error));
		assertThat(analysis.getDescription()).isEqualTo("A class of the module bundle 'antispam'"
				+ " (com.example.antispam.Rules) needs com.google.common.base.MoreObjects, which neither the bundle nor"
				+ " the host has.");
		assertThat(analysis.getAction()).startsWith(
				"Add the jar that holds com.google.common.base.MoreObjects to the lib/ directory of the bundle 'antispam'");
	}

	@Test
	void aMissingClassOutsideAnyBundleIsLeftToOtherAnalyzers() {
		NoClassDefFoundError error = new NoClassDefFoundError("com/example/Gone");
		error.setStackTrace(new StackTraceElement[] {
				new StackTraceElement("app", null, null, "com.example.App", "main", "App.java", 3) });
		assertThat(this.analyzer.analyze(error)).isNull();
	}

}

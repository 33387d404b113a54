package org.modulehost.host;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two modules bundling incompatible versions of one real library, Guava 16 (whose
 * {@code Objects.toStringHelper} Guava 21 removed) and Guava 33 (whose {@code MoreObjects}
 * Guava 16 lacks), in one host; and a bundle that lacks a library its module needs.
 */
class ModuleBundleIsolationTests {

	private static final String OLD_GUAVA_MODULE = """
			package com.example.oldguava;

			import java.util.Map;
			import java.util.function.Supplier;

			import com.google.common.base.Objects;
			import org.modulehost.api.ModuleApi;

			public class OldGuavaModule implements Supplier<String> {

				public OldGuavaModule(Map<String, Object> config, ModuleApi api) {
				}

				@Override
				public String get() {
					return Objects.toStringHelper("old").add("guava", Objects.class.getProtectionDomain()
						.getCodeSource().getLocation().getPath().replaceAll(".*/", "")).toString();
				}

			}
			""";

	private static final String NEW_GUAVA_MODULE = """
			package com.example.newguava;

			import java.util.Map;
			import java.util.function.Supplier;

			import com.google.common.base.MoreObjects;
			import org.modulehost.api.ModuleApi;

			public class NewGuavaModule implements Supplier<String> {

				private final String greeting;

				public NewGuavaModule(Map<String, Object> config, ModuleApi api) {
					this.greeting = MoreObjects.firstNonNull((String) config.get("greeting"), "hello");
				}

				@Override
				public String get() {
					return MoreObjects.toStringHelper("new").add("greeting", this.greeting).add("guava",
						MoreObjects.class.getProtectionDomain().getCodeSource().getLocation().getPath()
							.replaceAll(".*/", "")).toString();
				}

			}
			""";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleHostAutoConfiguration.class));

	@Test
	void twoModulesBundlingIncompatibleGuavaVersionsBothWorkInOneHost(@TempDir Path work) {
		Path oldGuava = BundleFiles.library("guava-16.0.1.jar");
		Path newGuava = BundleFiles.library("guava-33.5.0-jre.jar");
		Path modules = work.resolve("modules");
		BundleFiles.directory(modules.resolve("old-guava"), BundleFiles.compile(work.resolve("old-guava-module.jar"),
				"com.example.oldguava.OldGuavaModule", OLD_GUAVA_MODULE, oldGuava), oldGuava);
		BundleFiles.zip(modules.resolve("new-guava.zip"), BundleFiles.compile(work.resolve("new-guava-module.jar"),
				"com.example.newguava.NewGuavaModule", NEW_GUAVA_MODULE, newGuava), newGuava);
		this.runner
			.withPropertyValues(ModuleBundlesTests.directory(modules), "modules[0].module=com.example.oldguava.OldGuavaModule",
					"modules[1].module=com.example.newguava.NewGuavaModule", "modules[1].config.greeting=hi")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(supplier(context.getBean("module:OldGuavaModule")).get())
					.isEqualTo("old{guava=guava-16.0.1.jar}");
				assertThat(supplier(context.getBean("module:NewGuavaModule")).get())
					.isEqualTo("new{greeting=hi, guava=guava-33.5.0-jre.jar}");
			});
	}

	@Test
	void aBundleLackingALibraryItsModuleNeedsIsExplainedWithTheMissingClassAndTheFix(@TempDir Path work) {
		Path modules = work.resolve("modules");
		BundleFiles.directory(modules.resolve("new-guava"), BundleFiles.compile(work.resolve("new-guava-module.jar"),
				"com.example.newguava.NewGuavaModule", NEW_GUAVA_MODULE, BundleFiles.library("guava-33.5.0-jre.jar")));
		this.runner
			.withPropertyValues(ModuleBundlesTests.directory(modules), "modules[0].module=com.example.newguava.NewGuavaModule")
			.run((context) -> {
				FailureAnalysis analysis = ModuleBundlesTests.analysis(context);
				assertThat(analysis.getDescription()).contains("modules[0].module: the module's bundle 'new-guava' ("
						+ modules.toAbsolutePath().normalize().resolve("new-guava")
						+ ") holds the class, but it needs com.google.common.base.MoreObjects, which neither the bundle"
						+ " nor the host has");
				assertThat(analysis.getAction()).startsWith(
						"Add the jar that holds com.google.common.base.MoreObjects to the bundle's lib/ directory");
			});
	}

	@SuppressWarnings("unchecked")
	private static Supplier<String> supplier(Object module) {
		return (Supplier<String>) module;
	}

}

package org.modulehost.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import com.example.bundled.BundledModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.actuate.ModulesEndpoint;
import org.modulehost.api.ModuleApi;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.cache.ModuleCacheAutoConfiguration;
import org.modulehost.callback.CallbackAutoConfiguration;
import org.modulehost.callback.categories.Checks;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module bundles: each in its own class loader, found by the class a {@code modules:} entry
 * names, and the bad bundles an operator may drop into the directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModuleBundlesTests {

	private static final String BUNDLED = BundledModule.class.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(CacheAutoConfiguration.class, CallbackAutoConfiguration.class, ModuleCacheAutoConfiguration.class,
				ModuleHostAutoConfiguration.class));

	@Test
	void aModuleInABundleRunsInTheBundlesOwnClassLoaderWithItsCachedMethodsAndCallbacks(@TempDir Path modules) {
		BundleFiles.jarOf(modules.resolve("bundled.jar"), BundledModule.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED, "modules[0].config.deny=@eve")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Object module = context.getBean("module:BundledModule");
				ClassLoader loader = module.getClass().getClassLoader();
				assertThat(loader).isInstanceOf(BundleClassLoader.class);
				assertThat(loader.getName()).isEqualTo("bundle:bundled.jar");
				assertThat(module).isNotInstanceOf(BundledModule.class);
				@SuppressWarnings("unchecked")
				Supplier<String> supplier = (Supplier<String>) module;
				assertThat(supplier.get()).isEqualTo("a:1");
				assertThat(supplier.get()).as("the @Cached lookup hits").isEqualTo("a:1");
				Checks checks = context.getBean(CallbackRegistry.class).dispatcher(Checks.class);
				assertThat(checks.checkUser("@eve")).isEqualTo("deny by BundledModule");
				assertThat(checks.checkUser("@bob")).isEqualTo("allow");
				LoadedModule loaded = context.getBean(ModuleHost.class).module("BundledModule").orElseThrow();
				assertThat(loaded.bundle()).isEqualTo(modules.toAbsolutePath().normalize().resolve("bundled.jar"));
				assertThat(loaded.classLoader()).isEqualTo("bundle:bundled.jar");
			});
	}

	@Test
	void theModulesEndpointShowsEachModulesBundleAndClassLoader(@TempDir Path modules) {
		BundleFiles.jarOf(modules.resolve("bundled.jar"), BundledModule.class);
		this.runner
			.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED,
					"modules[1].module=" + TestModules.RawModule.class.getName())
			.run((context) -> {
				ModulesEndpoint endpoint = new ModulesEndpoint(context.getBean(ModuleHost.class));
				assertThat(endpoint.module("BundledModule"))
					.containsEntry("bundle", modules.toAbsolutePath().normalize().resolve("bundled.jar").toString())
					.containsEntry("classLoader", "bundle:bundled.jar");
				assertThat(endpoint.module("RawModule")).containsEntry("bundle", null).containsEntry("classLoader", "app");
			});
	}

	@Test
	void aModuleOnTheApplicationClassPathKeepsWorkingBesideBundles(@TempDir Path modules) {
		BundleFiles.jarOf(modules.resolve("bundled.jar"), BundledModule.class);
		this.runner
			.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED,
					"modules[1].module=" + TestModules.RawModule.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LoadedModule raw = context.getBean(ModuleHost.class).module("RawModule").orElseThrow();
				assertThat(raw.bundle()).isNull();
				assertThat(raw.classLoader()).isEqualTo("app");
				assertThat(context.getBean(TestModules.RawModule.class)).isNotNull();
			});
	}

	@Test
	void twoBundlesHoldingTheSameModuleClassStopStartUpNamingBoth(@TempDir Path modules) {
		BundleFiles.jarOf(modules.resolve("bundled-1.0.jar"), BundledModule.class);
		BundleFiles.jarOf(modules.resolve("bundled-1.1").resolve("bundled.jar"), BundledModule.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("modules[0].module: the class is in two module bundles, 'bundled-1.0.jar' ("
					+ modules.toAbsolutePath().normalize().resolve("bundled-1.0.jar") + ") and 'bundled-1.1' ("
					+ modules.toAbsolutePath().normalize().resolve("bundled-1.1") + ")");
			assertThat(analysis.getAction()).startsWith("Keep one of the two bundles in ");
		});
	}

	@Test
	void aBundleWithoutAConfiguredModuleClassIsWarnedAboutAndClosed(@TempDir Path modules, CapturedOutput output) {
		BundleFiles.jarOf(modules.resolve("unused.jar"), BundledModule.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + TestModules.RawModule.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Module bundle 'unused.jar' ("
						+ modules.toAbsolutePath().normalize().resolve("unused.jar")
						+ ") holds none of the module classes listed under modules: and is not used");
			});
	}

	@Test
	void severalUnusedBundlesAreNamedInOneWarning(@TempDir Path modules, CapturedOutput output) {
		BundleFiles.jarOf(modules.resolve("unused-a.jar"), BundledModule.class);
		BundleFiles.jarOf(modules.resolve("unused-b.jar"), BundledModule.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + TestModules.RawModule.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Module bundles 'unused-a.jar' ("
						+ modules.toAbsolutePath().normalize().resolve("unused-a.jar") + "), 'unused-b.jar' ("
						+ modules.toAbsolutePath().normalize().resolve("unused-b.jar")
						+ ") hold none of the module classes listed under modules: and are not used");
				assertThat(output.toString().split("hold none of the module classes|holds none of the module classes"))
					.hasSize(2);
			});
	}

	@Test
	void aBundleHoldingTheClassOfADisabledEntryIsNotReportedAsUnused(@TempDir Path modules, CapturedOutput output) {
		BundleFiles.jarOf(modules.resolve("bundled.jar"), BundledModule.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED, "modules[0].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("holds none of the module classes");
			});
	}

	@Test
	void aBundleCarryingAnApiClassHasItRefusedAndLoggedAndItsModuleUsesTheHostsApi(@TempDir Path modules,
			CapturedOutput output) {
		BundleFiles.jarOf(modules.resolve("sneaky.jar"), BundledModule.class, ModuleApi.class);
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("Module bundle 'sneaky.jar' (" + modules.toAbsolutePath().normalize().resolve("sneaky.jar")
					+ ") carries the API class org.modulehost.api.ModuleApi in sneaky.jar; refused");
			ClassLoader loader = context.getBean("module:BundledModule").getClass().getClassLoader();
			assertThat(Class.forName(ModuleApi.class.getName(), false, loader)).isSameAs(ModuleApi.class);
		});
	}

	@Test
	void aCorruptJarStopsStartUpNamingTheBundleAndTheJar(@TempDir Path modules) throws Exception {
		Files.createDirectories(modules.resolve("broken").resolve("lib"));
		BundleFiles.jarOf(modules.resolve("broken").resolve("broken.jar"), BundledModule.class);
		BundleFiles.corrupt(modules.resolve("broken").resolve("lib").resolve("half-copied.jar"));
		this.runner.withPropertyValues(directory(modules), "modules[0].module=" + BUNDLED).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("modulehost.bundles.directory: the module bundle 'broken' ("
					+ modules.toAbsolutePath().normalize().resolve("broken") + ") holds half-copied.jar, which is not a readable jar");
			assertThat(analysis.getAction()).startsWith("Replace it with a complete jar");
		});
	}

	@Test
	void aConfiguredBundleDirectoryThatDoesNotExistStopsStartUpNamingTheSetting(@TempDir Path home) {
		this.runner.withPropertyValues(directory(home.resolve("plugins"))).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("modulehost.bundles.directory: the module bundle directory "
					+ home.resolve("plugins").toAbsolutePath().normalize() + " does not exist");
			assertThat(analysis.getAction()).contains("or correct modulehost.bundles.directory");
		});
	}

	@Test
	void theDefaultBundleDirectoryMayBeAbsent() {
		this.runner.withPropertyValues("modules[0].module=" + TestModules.RawModule.class.getName())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	static String directory(Path modules) {
		return "modulehost.bundles.directory=" + modules.toString().replace('\\', '/');
	}

	static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new ModuleFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

}

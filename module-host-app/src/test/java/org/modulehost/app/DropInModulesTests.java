package org.modulehost.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Checking the directories named by {@code loader.path}.
 */
class DropInModulesTests {

	private final DropInModules dropIn = new DropInModules(new DeferredLogs());

	@AfterEach
	void clearLoaderPath() {
		System.clearProperty("loader.path");
		System.clearProperty("loader.home");
	}

	@Test
	void aConfiguredDirectoryThatDoesNotExistStopsStartUpWithAClearAction(@TempDir Path home) {
		System.setProperty("loader.home", home.toString());
		System.setProperty("loader.path", "plugins");
		DropInModules.MissingModuleDirectoryException failure = catchMissing();
		assertThat(failure.getMessage()).isEqualTo("The directory 'plugins' (" + home.resolve("plugins")
				+ ") named by loader.path does not exist or cannot be read");
		FailureAnalysis analysis = new MissingModuleDirectoryFailureAnalyzer().analyze(failure);
		assertThat(analysis.getAction()).startsWith("Create the directory 'plugins'");
	}

	@Test
	void withoutLoaderPathNothingIsAddedToTheClassPath(@TempDir Path home) {
		System.setProperty("loader.home", home.toString());
		assertThatNoException().isThrownBy(
				() -> this.dropIn.postProcessEnvironment(new StandardEnvironment(), new SpringApplication()));
	}

	@Test
	void anExistingDirectoryWithJarsIsAccepted(@TempDir Path home) throws Exception {
		Files.createDirectories(home.resolve("modules"));
		Files.write(home.resolve("modules").resolve("a.jar"), new byte[0]);
		System.setProperty("loader.home", home.toString());
		System.setProperty("loader.path", "modules," + home.resolve("absolute-but-missing").toString().replace(File.separator, "/"));
		assertThat(catchMissing().entry()).endsWith("absolute-but-missing");
	}

	@Test
	void aModuleJarNamedOnTheClassPathCountsAsAddedWhereverTheEntryIsWrittenRelativeOrAbsolute(@TempDir Path home) {
		Path jar = home.resolve("modules").resolve("a.jar");
		String classPath = String.join(File.pathSeparator, "app.jar", home.resolve("modules/../modules/a.jar").toString());
		assertThat(DropInModules.onClassPath(jar, classPath)).isTrue();
		assertThat(DropInModules.onClassPath(home.resolve("modules").resolve("b.jar"), classPath)).isFalse();
		assertThat(DropInModules.onClassPath(jar, "")).isFalse();
	}

	private DropInModules.MissingModuleDirectoryException catchMissing() {
		return org.assertj.core.api.Assertions.catchThrowableOfType(DropInModules.MissingModuleDirectoryException.class,
				() -> this.dropIn.postProcessEnvironment(new StandardEnvironment(), new SpringApplication()));
	}

}

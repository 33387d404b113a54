package org.modulehost.web;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.example.bundled.BundledModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.callback.categories.Checks;
import org.modulehost.host.BundleFiles;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of a bundled module's class loader outlives its application context: a real server
 * with a bundled module that has a {@code @Cached} method, a callback and a web resource is
 * started, used and closed several times, and every loader it made is then collected.
 */
class BundleUnloadingTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@Test
	void aBundledModulesClassLoaderIsCollectedAfterTheContextCloses(@TempDir Path modules) throws Exception {
		BundleFiles.jarOf(modules.resolve("bundled.jar"), BundledModule.class);
		List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
		// Spring Boot's Logback integration keeps the last closed context's Environment (and so
		// the whole context) in Logback's LoggerContext until the next context starts; that is
		// the logging system's, not the host's, so this test runs without one.
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try {
			for (int i = 0; i < 3; i++) {
				loaders.add(startUseAndClose(modules));
			}
		}
		finally {
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (loaders.stream().anyMatch((loader) -> loader.get() != null) && System.nanoTime() < deadline) {
			System.gc();
			// A closed context stays softly reachable from Spring's caches (keyed by its
			// Environment) until memory runs short: ask for more than there is, once a round.
			pressure();
		}
		assertThat(loaders).as("class loaders still reachable after %s", DEADLINE)
			.allSatisfy((loader) -> assertThat(loader.get()).isNull());
	}

	private static WeakReference<ClassLoader> startUseAndClose(Path modules) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebTestApplication.class)
			.properties("server.port=0", "modulehost.bundles.directory=" + modules.toString().replace('\\', '/'),
					"modules[0].module=" + BundledModule.class.getName(), "modules[0].config.deny=@eve",
					"modules[0].config.path=/_synapse/client/bundled")
			.run()) {
			Object module = context.getBean("module:BundledModule");
			ClassLoader loader = module.getClass().getClassLoader();
			assertThat(loader.getName()).isEqualTo("bundle:bundled.jar");
			assertThat(((Supplier<?>) module).get()).isEqualTo("a:1");
			assertThat(context.getBean(CallbackRegistry.class).dispatcher(Checks.class).checkUser("@eve"))
				.isEqualTo("deny by BundledModule");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RawHttp.Response response = RawHttp.get(port, "/_synapse/client/bundled");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("web:2 from bundle:bundled.jar");
			return new WeakReference<>(loader);
		}
	}

	private static void pressure() {
		try {
			List<long[]> hog = new ArrayList<>();
			while (true) {
				hog.add(new long[16 * 1024 * 1024]);
			}
		}
		catch (OutOfMemoryError expected) {
			// the JVM cleared every soft reference before throwing it
		}
	}

}

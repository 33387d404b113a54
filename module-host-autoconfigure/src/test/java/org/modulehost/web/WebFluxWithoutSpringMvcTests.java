package org.modulehost.web;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A WebFlux application whose class path has no Spring MVC, no servlet API and no Tomcat: the
 * test's own class path less those jars, in a class loader of its own. Spring Boot then picks a
 * reactive application by itself, and the modules' resources of every kind are served.
 */
class WebFluxWithoutSpringMvcTests {

	/** The jars of Spring MVC, the servlet API and Tomcat. */
	private static final Pattern SERVLET_STACK = Pattern.compile(
			".*[/\\\\](spring-webmvc|spring-boot-webmvc|spring-boot-starter-webmvc|spring-boot-tomcat|spring-boot-starter-tomcat"
					+ "|spring-boot-starter-tomcat-runtime|tomcat-embed-[a-z]+|jakarta\\.servlet-api)-[^/\\\\]*\\.jar");

	private static URLClassLoader loader;

	private static int port;

	@BeforeAll
	static void startTheApplicationWithoutTheServletStack() throws Exception {
		loader = new URLClassLoader(withoutServletStack(), ClassLoader.getPlatformClassLoader());
		// Spring Boot looks for the servlet stack through the thread's context class loader
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			port = (int) loader.loadClass(Launcher.class.getName()).getMethod("start").invoke(null);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (loader != null) {
			loader.loadClass(Launcher.class.getName()).getMethod("stop").invoke(null);
			loader.close();
		}
	}

	private static URL[] withoutServletStack() throws MalformedURLException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.isEmpty() && !SERVLET_STACK.matcher(entry).matches()) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

	@Test
	void theClassPathHasNeitherSpringMvcNorTheServletApi() {
		for (String name : new String[] { "org.springframework.web.servlet.DispatcherServlet", "jakarta.servlet.Servlet",
				"org.apache.catalina.startup.Tomcat" }) {
			assertThatExceptionOfType(ClassNotFoundException.class).as(name)
				.isThrownBy(() -> Class.forName(name, false, loader));
		}
	}

	@Test
	void springBootPicksAReactiveApplicationAndServesEachKindOfModuleResource() throws Exception {
		assertThat(loader.loadClass(Launcher.class.getName()).getMethod("type").invoke(null)).isEqualTo("REACTIVE");
		assertThat(RawHttp.get(port, "/_synapse/client/handler/a").body())
			.isEqualTo("handlers:/_synapse/client/handler within=a");
		assertThat(RawHttp.get(port, "/_synapse/client/router/hello").body()).isEqualTo("{\"served\":\"router:hello\"}");
		assertThat(RawHttp.get(port, "/_synapse/client/controller/hello").body())
			.isEqualTo("{\"served\":\"controller:hello\"}");
		assertThat(RawHttp.get(port, "/_synapse/client/http/x").body())
			.isEqualTo("http context=/_synapse/client/http within=/x");
	}

	@Test
	void aModuleExceptionGivesTheMatrixErrorAndReservedNamespacesStayTheHosts() throws IOException {
		RawHttp.Response failure = RawHttp.get(port, "/_synapse/client/controller/fail");
		assertThat(failure.status()).isEqualTo(500);
		assertThat(failure.body()).isEqualTo("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}");
		assertThat(RawHttp.get(port, "/_synapse/admin/v1/secret").body()).isEqualTo("{\"served\":\"host:admin\"}");
		assertThat(RawHttp.get(port, "/actuator/modules/handlers").body()).contains("\"kind\":\"WebHandler\"");
	}

	/**
	 * Starts the application inside the class loader without the servlet stack (loaded there, it
	 * sees only that class loader's classes).
	 */
	public static final class Launcher {

		private static ConfigurableApplicationContext context;

		private Launcher() {
		}

		public static int start() {
			context = new SpringApplicationBuilder(WebTestApplication.class).registerShutdownHook(false)
				.properties("server.port=0", "spring.main.banner-mode=off",
						"management.endpoints.web.exposure.include=modules,health",
						"modules[0].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[0].name=handlers",
						"modules[0].config.paths[0]=/_synapse/client/handler",
						"modules[1].module=org.modulehost.web.WebFluxTestModules$RouterModule", "modules[1].name=router",
						"modules[1].config.path=/_synapse/client/router",
						"modules[2].module=org.modulehost.web.TestModules$ControllerModule", "modules[2].name=controller",
						"modules[2].config.path=/_synapse/client/controller",
						"modules[3].module=org.modulehost.web.WebFluxTestModules$HttpHandlerModule", "modules[3].name=http",
						"modules[3].config.path=/_synapse/client/http")
				.run();
			return ((WebServerApplicationContext) context).getWebServer().getPort();
		}

		public static String type() {
			return (context instanceof ReactiveWebServerApplicationContext) ? "REACTIVE" : context.getClass().getName();
		}

		public static void stop() {
			if (context != null) {
				context.close();
			}
		}

	}

}

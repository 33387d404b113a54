package org.modulehost.startertests.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application whose class path is the starter's and WebFlux's (this Maven module
 * depends on nothing else): the starter must bring no Spring MVC, no servlet API and no Tomcat,
 * and a module's routes are served on Netty.
 */
class WebFluxApplicationTests {

	@ParameterizedTest(name = "{0} is not on the class path")
	@ValueSource(strings = { "org.springframework.web.servlet.DispatcherServlet", "org.apache.catalina.startup.Tomcat",
			"jakarta.servlet.Servlet" })
	void theStarterBringsNoSpringMvcNoServletApiAndNoTomcat(String className) {
		assertThat(ClassUtils.isPresent(className, getClass().getClassLoader())).isFalse();
	}

	@Test
	void aWebFluxApplicationServesAModulesRoutesOnNetty() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebFluxApplication.class)
			.run("--server.port=0", "--modules[0].module=" + HelloRoutesModule.class.getName(),
					"--modules[0].config.greeting=Hi")) {
			assertThat(new SpringApplicationBuilder(WebFluxApplication.class).build().getWebApplicationType())
				.isEqualTo(WebApplicationType.REACTIVE);
			WebServerApplicationContext web = (WebServerApplicationContext) context;
			assertThat(web.getWebServer().getClass().getSimpleName()).isEqualTo("NettyWebServer");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.getWebServer().getPort()
						+ "/_synapse/client/hello/alice")).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("Hi, alice");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebFluxApplication {

	}

}

package org.modulehost.startertests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.host.ModuleHost;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose class path is the starter's and nothing else (this Maven module depends
 * on {@code module-host-starter} only): the starter must not drag in a web stack or the
 * actuator, and modules that do not serve HTTP must work there.
 */
class NonWebApplicationTests {

	@ParameterizedTest(name = "{0} is not on the class path")
	@ValueSource(strings = { "org.springframework.web.servlet.DispatcherServlet",
			"org.apache.catalina.startup.Tomcat", "jakarta.servlet.Servlet",
			"org.springframework.web.reactive.DispatcherHandler", "reactor.netty.http.server.HttpServer",
			"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.data.redis.connection.RedisConnectionFactory" })
	void theStarterBringsNoWebStackNoActuatorAndNoRedis(String className) {
		assertThat(ClassUtils.isPresent(className, getClass().getClassLoader())).isFalse();
	}

	@Test
	void theStarterBringsWhatEveryModuleNeeds() {
		assertThat(ClassUtils.isPresent("org.modulehost.api.ModuleApi", null)).isTrue();
		assertThat(ClassUtils.isPresent("com.github.benmanes.caffeine.cache.Caffeine", null)).isTrue();
		assertThat(ClassUtils.isPresent("org.springframework.web.client.RestClient", null)).isTrue();
	}

	@Test
	void aNonWebApplicationStartsAsOneAndRunsACallbackOnlyModule() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NonWebApplication.class)
			.properties("modules[0].module=" + GreeterModule.class.getName(), "modules[0].config.greeting=Hi")
			.run()) {
			assertThat(context.getBean(NonWebApplication.class)).isNotNull();
			assertThat(new SpringApplicationBuilder(NonWebApplication.class).build().getWebApplicationType())
				.isEqualTo(WebApplicationType.NONE);
			Greetings greetings = context.getBean(CallbackRegistry.class).dispatcher(Greetings.class);

			assertThat(greetings.greet("@alice:example.org")).isEqualTo("Hi, alice");
			assertThat(greetings.greet("@alice:example.org")).isEqualTo("Hi, alice");

			GreeterModule module = (GreeterModule) context.getBean(ModuleHost.class).modules().get(0).instance();
			assertThat(module.lookups).hasValue(1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class NonWebApplication {

	}

}

package org.modulehost.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code modules} endpoint and health indicator.
 */
class ModulesEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleHostAutoConfiguration.class,
				ModulesEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=*", "modules[0].module=" + Greeter.class.getName(),
				"modules[0].config.greeting=Hello", "modules[0].config.shared_secret=hunter2",
				"modules[0].config.ldap.bind_password=pw", "modules[0].config.ldap.uri=ldap://example.org",
				"modules[0].config.api-keys[0]=k1", "modules[0].config.password_login_enabled=true", "modules[1].module=org.example.Missing", "modules[1].enabled=false");

	@Test
	void listsEveryModuleInOrderWithItsClassStateAndMaskedConfig() {
		this.runner.run((context) -> {
			ModulesEndpoint.ModulesDescriptor descriptor = context.getBean(ModulesEndpoint.class).modules();
			assertThat(descriptor.instance()).isEqualTo("main");
			assertThat(descriptor.modules()).hasSize(2);
			Map<String, Object> greeter = descriptor.modules().get(0);
			assertThat(greeter).containsEntry("index", 0)
				.containsEntry("name", "Greeter")
				.containsEntry("class", Greeter.class.getName())
				.containsEntry("state", "ACTIVE")
				.containsKeys("location", "loadedAt", "loadTimeMillis");
			assertThat(greeter.get("config")).isEqualTo(Map.of("greeting", "Hello", "shared_secret", "******", "ldap",
					Map.of("bind_password", "******", "uri", "ldap://example.org"), "api-keys", List.of("******"),
					"password_login_enabled", "true"));
			Map<String, Object> disabled = descriptor.modules().get(1);
			assertThat(disabled).containsEntry("state", "DISABLED").containsEntry("class", "org.example.Missing");
		});
	}

	@Test
	void describesOneModuleByNameAndNothingForAnUnknownName() {
		this.runner.run((context) -> {
			ModulesEndpoint endpoint = context.getBean(ModulesEndpoint.class);
			assertThat(endpoint.module("Greeter")).containsEntry("name", "Greeter");
			assertThat(endpoint.module("Nobody")).isNull();
		});
	}

	@Test
	void healthIsUpWithCounts() {
		this.runner.run((context) -> {
			Health health = context.getBean(ModulesHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("active", 1L).containsEntry("disabled", 1L);
		});
	}

	/** A module to describe. */
	public static class Greeter {

		public Greeter(Map<String, Object> config, ModuleApi api) {
		}

	}

}

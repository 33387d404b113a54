package org.modulehost.test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.ModuleApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The test kit boots real hosts.
 */
class ModuleTestHostTests {

	@Test
	void startsAHostWithTheGivenModulesAndTheirConfigReadFaithfully() {
		try (ModuleTestHost host = ModuleTestHost.builder()
			.module(Recorder.class, Map.of("rooms", List.of("!a:x", "!b:x"), "limits", Map.of("per.second", 2)))
			.module("second", Recorder.class, Map.of())
			.property("modulehost.instance.name", "test-1")
			.web(false)
			.start()) {
			Recorder recorder = host.module("Recorder", Recorder.class);
			assertThat(recorder.config).containsEntry("rooms", List.of("!a:x", "!b:x"))
				.containsEntry("limits", Map.of("per.second", 2));
			assertThat(recorder.api.instanceName()).isEqualTo("test-1");
			assertThat(host.module("second", Recorder.class).api.moduleName()).isEqualTo("second");
		}
	}

	@Test
	void yamlModulesComeBeforeBuilderModules() {
		try (ModuleTestHost host = ModuleTestHost.builder().yaml("""
				modules:
				  - module: org.modulehost.test.ModuleTestHostTests$Recorder
				    name: from-yaml
				    config:
				      greeting: hi
				""").module(Recorder.class).web(false).start()) {
			assertThat(host.module("from-yaml", Recorder.class).config).containsEntry("greeting", "hi");
			assertThat(host.module("Recorder", Recorder.class).config).isEmpty();
		}
	}

	@Test
	void servesHttpOnARandomPortAndTheActuatorOnAnotherOne() {
		try (ModuleTestHost host = ModuleTestHost.builder()
			.module(Recorder.class)
			.property("management.endpoints.web.exposure.include", "modules")
			.start()) {
			HttpResponse<String> response = host.getManagement("/actuator/modules/Recorder");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"name\":\"Recorder\"");
			assertThat(host.port()).isPositive();
			assertThat(host.managementPort()).isPositive().isNotEqualTo(host.port());
			assertThat(host.get("/actuator/modules/Recorder").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void propertiesWinOverTheApplicationsOwnConfiguration() {
		try (ModuleTestHost host = ModuleTestHost.builder()
			.application(ConfiguredApplication.class)
			.property("modulehost.instance.name", "from-test")
			.web(false)
			.start()) {
			assertThat(host.context().getEnvironment().getProperty("modulehost.instance.name")).isEqualTo("from-test");
		}
	}

	@Test
	void aStartUpFailureReachesTheTest() {
		assertThatException()
			.isThrownBy(() -> ModuleTestHost.builder().module(Exploding.class).web(false).start())
			.withStackTraceContaining("the constructor threw java.lang.IllegalStateException: no");
	}

	/** An application whose own configuration sets the instance name. */
	@org.springframework.boot.autoconfigure.SpringBootApplication
	@org.springframework.context.annotation.PropertySource("classpath:configured-application.properties")
	static class ConfiguredApplication {

	}

	/** Keeps what it got. */
	public static class Recorder {

		final Map<String, Object> config;

		final ModuleApi api;

		public Recorder(Map<String, Object> config, ModuleApi api) {
			this.config = config;
			this.api = api;
		}

	}

	/** Fails to build. */
	public static class Exploding {

		public Exploding(Map<String, Object> config, ModuleApi api) {
			throw new IllegalStateException("no");
		}

	}

}

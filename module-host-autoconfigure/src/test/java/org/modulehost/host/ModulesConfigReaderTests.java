package org.modulehost.host;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading {@code modules:} as a faithful tree.
 */
class ModulesConfigReaderTests {

	@Test
	void yamlIsReadAgainSoThatDottedKeysListsAndScalarsStayWhatTheyWere() throws Exception {
		StandardEnvironment environment = yaml("yaml/modules.yml");
		List<ModuleDefinition> definitions = ModulesConfigReader.read(environment);
		assertThat(definitions).hasSize(2);
		Map<String, Object> config = definitions.get(0).config();
		assertThat(config).containsEntry("matrix.org", "trusted").containsEntry("empty", Map.of());
		assertThat(config.get("rules")).isEqualTo(List.of(map("match", "^spam", "action", "deny"), map("match", "ham$")));
		assertThat(config.get("nested")).isEqualTo(map("list", Arrays.asList(1, 2.5, true, null)));
		assertThat(definitions.get(1).name()).isEqualTo("spam-filter");
	}

	@Test
	void theOriginOfAValueIsItsFileAndLine() throws Exception {
		List<ModuleDefinition> definitions = ModulesConfigReader.read(yaml("yaml/modules.yml"));
		assertThat(definitions.get(1).originOf(List.of("config", "rules", "0", "match")))
			.isEqualTo("class path resource [yaml/modules.yml] - 19:18");
	}

	@Test
	void aNullModulesKeyMeansNoModules() throws Exception {
		assertThat(ModulesConfigReader.read(yaml("yaml/null-modules.yml"))).isEmpty();
	}

	@Test
	void theWholeListComesFromTheSourceOfHighestPrecedence() throws Exception {
		StandardEnvironment environment = yaml("yaml/modules.yml");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("override",
					Map.of("modules[0].module", TestModules.ObjectConfigModule.class.getName())));
		List<ModuleDefinition> definitions = ModulesConfigReader.read(environment);
		assertThat(definitions).singleElement()
			.satisfies((definition) -> assertThat(definition.className())
				.isEqualTo(TestModules.ObjectConfigModule.class.getName()));
	}

	@Test
	void flattenedPropertiesAreRebuiltWithBracketsKeepingDottedKeys() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("modules[0].module", "a.B");
		properties.put("modules[0].config.rooms[1]", "second");
		properties.put("modules[0].config.rooms[0]", "first");
		properties.put("modules[0].config[a.b]", "dotted");
		properties.put("modules[0].config.a.c", "nested");
		properties.put("modules[0].enabled", "false");
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		ModuleDefinition definition = ModulesConfigReader.read(environment).get(0);
		assertThat(definition.enabled()).isFalse();
		assertThat(definition.config()).containsEntry("rooms", List.of("first", "second"))
			.containsEntry("a.b", "dotted")
			.containsEntry("a", Map.of("c", "nested"));
	}

	@Test
	void placeholdersInValuesAreResolvedFromTheEnvironment() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("modules[0].module", "a.B");
		properties.put("modules[0].config.secret", "${test.secret}");
		properties.put("modules[0].config.urls[0]", "${test.base:http://localhost}/x");
		properties.put("test.secret", "s3cret");
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		assertThat(ModulesConfigReader.read(environment).get(0).config()).containsEntry("secret", "s3cret")
			.containsEntry("urls", List.of("http://localhost/x"));
	}

	@Test
	void anUnresolvablePlaceholderNamesItsPlace() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("modules[0].module", "a.B", "modules[0].config.secret", "${NO_SUCH_VARIABLE_HERE}")));
		assertThatExceptionOfType(ModuleLoadException.class).isThrownBy(() -> ModulesConfigReader.read(environment))
			.withMessageStartingWith("modules[0].config.secret: Could not resolve placeholder 'NO_SUCH_VARIABLE_HERE'");
	}

	@Test
	void anEntryThatIsNotAMappingIsRefused() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("modules[0]", "a.B")));
		assertThatExceptionOfType(ModuleLoadException.class).isThrownBy(() -> ModulesConfigReader.read(environment))
			.withMessage("modules[0]: expected a mapping, found 'a.B'");
	}

	@Test
	void anEnabledValueThatIsNotABooleanIsRefused() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("modules[0].module", "a.B", "modules[0].enabled", "maybe")));
		assertThatExceptionOfType(ModuleLoadException.class).isThrownBy(() -> ModulesConfigReader.read(environment))
			.withMessage("modules[0].enabled: expected true or false, found 'maybe' (module a.B)");
	}

	@Test
	void aFailureReportIncludesTheFileAndLineOfTheFaultyValue() {
		StandardEnvironment environment = yaml("yaml/modules.yml");
		ModuleDefinition definition = ModulesConfigReader.read(environment).get(1);
		ModuleLoadException failure = ModuleConfigResolver.configFailure(definition,
				new org.modulehost.api.ConfigError("not a valid regular expression", List.of("rules", "0", "match")),
				"parseConfig");
		assertThat(failure.getMessage()).isEqualTo("modules[1].config.rules[0].match: not a valid regular expression"
				+ " (module org.modulehost.host.TestModules$ParsingModule)\n"
				+ "    Origin: class path resource [yaml/modules.yml] - 19:18");
	}

	private static StandardEnvironment yaml(String location) {
		StandardEnvironment environment = new StandardEnvironment();
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(location,
					new ClassPathResource(location));
			sources.forEach(environment.getPropertySources()::addLast);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return environment;
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}

package org.modulehost.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loading modules from {@code modules:}: configuration, construction, names, failures.
 */
class ModuleLoadingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, ModuleHostAutoConfiguration.class));

	@BeforeEach
	void clearEvents() {
		TestModules.events.clear();
	}

	@Test
	void aModuleTakingAMapReceivesItsConfigAsAFaithfulUnmodifiableTree() {
		this.runner
			.withPropertyValues(module(0, TestModules.RawModule.class), "modules[0].config.greeting=Hello",
					"modules[0].config.rooms[0]=!a:example.org", "modules[0].config.rooms[1]=!b:example.org",
					"modules[0].config[dotted.key]=kept")
			.run((context) -> {
				TestModules.RawModule module = context.getBean("module:RawModule", TestModules.RawModule.class);
				assertThat(module.config).containsEntry("greeting", "Hello")
					.containsEntry("rooms", List.of("!a:example.org", "!b:example.org"))
					.containsEntry("dotted.key", "kept");
				assertThatThrownBy(() -> module.config.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
				assertThat(module.api.moduleName()).isEqualTo("RawModule");
			});
	}

	@Test
	void anAbsentConfigIsAnEmptyMapping() {
		this.runner.withPropertyValues(module(0, TestModules.ObjectConfigModule.class)).run((context) -> {
			assertThat(context.getBean(TestModules.ObjectConfigModule.class).config).isEqualTo(Map.of());
		});
	}

	@Test
	void parseConfigTurnsTheRawConfigIntoTheConstructorsArgument() {
		this.runner
			.withPropertyValues(module(0, TestModules.ParsingModule.class), "modules[0].config.rules[0].match=^spam",
					"modules[0].config.rules[1].match=ham$")
			.run((context) -> {
				TestModules.SpamConfig config = context.getBean(TestModules.ParsingModule.class).config;
				assertThat(config.rules()).extracting(Object::toString).containsExactly("^spam", "ham$");
			});
	}

	@Test
	void aConfigErrorFromParseConfigNamesTheEntryTheKeyAndTheClass() {
		this.runner
			.withPropertyValues(module(0, TestModules.RawModule.class), module(1, TestModules.ParsingModule.class),
					"modules[1].config.rules[0].match=ok", "modules[1].config.rules[1].match=(unclosed")
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"modules[1].config.rules[1].match: not a valid regular expression (module "
							+ TestModules.ParsingModule.class.getName() + ")"));
	}

	@Test
	void anyOtherExceptionFromParseConfigIsReportedAtTheConfig() {
		this.runner.withPropertyValues(module(0, TestModules.BrokenParserModule.class)).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("modules[0].config: parseConfig failed: "
					+ "java.lang.IllegalStateException: the parser is broken");
			assertThat(analysis.getAction()).contains("module's own exception");
		});
	}

	@Test
	void aRecordConfigIsBoundWithSpringBootsConversions() {
		this.runner.withPropertyValues(module(0, TestModules.BoundModule.class), "modules[0].config.greeting=Hi",
				"modules[0].config.period=5d", "modules[0].config.max-upload=10MB", "modules[0].config.mode=enforce",
				"modules[0].config.nested.url=https://spam.example", "modules[0].config.nested.weights.a=1",
				"modules[0].config.rooms[0]=!x:example.org", "modules[0].config.retries=3")
			.run((context) -> {
				TestModules.BoundConfig config = context.getBean(TestModules.BoundModule.class).config;
				assertThat(config.greeting()).isEqualTo("Hi");
				assertThat(config.period()).isEqualTo(Duration.ofDays(5));
				assertThat(config.maxUpload()).isEqualTo(DataSize.ofMegabytes(10));
				assertThat(config.mode()).isEqualTo(TestModules.Mode.ENFORCE);
				assertThat(config.nested().url()).isEqualTo("https://spam.example");
				assertThat(config.nested().weights()).containsEntry("a", 1);
				assertThat(config.rooms()).containsExactly("!x:example.org");
				assertThat(config.retries()).isEqualTo(3);
			});
	}

	@Test
	void aValueThatCannotBeConvertedNamesItsKey() {
		this.runner
			.withPropertyValues(module(0, TestModules.BoundModule.class), "modules[0].config.greeting=Hi",
					"modules[0].config.period=fortnight", "modules[0].config.nested.url=u", "modules[0].config.retries=1")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).contains("modules[0].config.period: cannot bind 'fortnight' to")
					.contains("(module " + TestModules.BoundModule.class.getName() + ")");
				assertThat(analysis.getAction()).contains("modules[0].config.period");
			});
	}

	@Test
	void errorsNameTheKeyAsItWasWritten() {
		this.runner
			.withPropertyValues(module(0, TestModules.BoundModule.class), "modules[0].config.greeting=Hi",
					"modules[0].config.period=1h", "modules[0].config.nested.url=u", "modules[0].config.retries=1",
					"modules[0].config.max_Upload=lots")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[0].config.max_Upload: cannot bind 'lots' to"));
	}

	@Test
	void aValidationFailureNamesItsKey() {
		this.runner
			.withPropertyValues(module(0, TestModules.BoundModule.class), "modules[0].config.greeting=Hi",
					"modules[0].config.period=1h", "modules[0].config.nested.url=u", "modules[0].config.retries=0")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[0].config.retries: must be greater than or equal to 1"));
	}

	@Test
	void anUnknownSettingIsRefusedRatherThanIgnored() {
		this.runner
			.withPropertyValues(module(0, TestModules.BoundModule.class), "modules[0].config.greeting=Hi",
					"modules[0].config.greting=typo", "modules[0].config.nested.url=u", "modules[0].config.retries=1")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[0].config.greting: not a setting of BoundConfig"));
	}

	@Test
	void anUnknownClassIsReportedWithNearMisses() {
		this.runner.withPropertyValues("modules[0].module=org.modulehost.host.TestModules$RawModul").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription())
				.contains("modules[0].module: class not found (module org.modulehost.host.TestModules$RawModul)");
			assertThat(analysis.getAction()).contains("Did you mean");
		});
	}

	@Test
	void anUnknownClassInAnUnknownPackageAdvisesTheClassPath() {
		this.runner.withPropertyValues("modules[0].module=org.example.nothing.Here")
			.run((context) -> assertThat(analysis(context).getAction()).contains("class path"));
	}

	@Test
	void aClassWithoutTheTwoArgumentConstructorIsRefused() {
		this.runner.withPropertyValues(module(0, TestModules.NoConstructorModule.class)).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("modules[0].module: no public constructor (config, ModuleApi)");
			assertThat(analysis.getAction()).contains("exactly one public constructor");
		});
	}

	@Test
	void anApiTypeTheHostDoesNotOfferIsRefused() {
		this.runner.withPropertyValues(module(0, TestModules.WrongApiModule.class)).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("the constructor asks for "
					+ TestModules.SpecialApi.class.getName() + ", which this host does not offer");
			assertThat(analysis.getAction()).contains(ModuleApi.class.getName());
		});
	}

	@Test
	void anApiTypeOfferedByAFactoryIsGiven() {
		this.runner.withPropertyValues(module(0, TestModules.WrongApiModule.class))
			.withBean(SpecialApiFactory.class)
			.run((context) -> assertThat(context).hasBean("module:WrongApiModule"));
	}

	@Test
	void anExceptionFromTheConstructorStopsStartUp() {
		this.runner.withPropertyValues(module(0, TestModules.ExplodingModule.class)).run((context) -> {
			assertThat(analysis(context).getDescription()).contains("modules[0]: the constructor threw "
					+ "java.lang.IllegalStateException: cannot reach the database (module "
					+ TestModules.ExplodingModule.class.getName() + ")");
		});
	}

	@Test
	void aConfigErrorFromTheConstructorNamesItsKey() {
		this.runner.withPropertyValues(module(0, TestModules.RefusingModule.class))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[0].config.public_baseurl: needs a public base URL"));
	}

	@Test
	void anEntryWithoutAClassIsRefused() {
		this.runner.withPropertyValues("modules[0].name=nameless")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[0].module: no module class given"));
	}

	@Test
	void anUnknownEntryKeyIsRefused() {
		this.runner.withPropertyValues(module(0, TestModules.RawModule.class), "modules[0].greeting=misplaced")
			.run((context) -> assertThat(analysis(context).getAction()).contains("move module settings under 'config:'"));
	}

	@Test
	void defaultNamesAreTheSimpleClassNameMadeUnique() {
		this.runner
			.withPropertyValues(module(0, TestModules.RawModule.class), module(1, TestModules.RawModule.class),
					module(2, TestModules.RawModule.class), "modules[2].name=custom")
			.run((context) -> {
				assertThat(context).hasBean("module:RawModule").hasBean("module:RawModule-2").hasBean("module:custom");
				assertThat(context.getBean(ModuleHost.class).modules()).extracting(LoadedModule::name)
					.containsExactly("RawModule", "RawModule-2", "custom");
			});
	}

	@Test
	void twoModulesCannotShareAName() {
		this.runner
			.withPropertyValues(module(0, TestModules.RawModule.class), "modules[0].name=same",
					module(1, TestModules.ObjectConfigModule.class), "modules[1].name=same")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("modules[1].name: the name 'same' is already taken by an earlier module"));
	}

	@Test
	void aDisabledModuleIsListedButNotBuilt() {
		this.runner
			.withPropertyValues(module(0, TestModules.ExplodingModule.class), "modules[0].enabled=false",
					module(1, TestModules.RawModule.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("module:ExplodingModule");
				assertThat(context.getBean(ModuleHost.class).modules()).extracting(LoadedModule::state)
					.containsExactly(LoadedModule.State.DISABLED, LoadedModule.State.ACTIVE);
			});
	}

	@Test
	void modulesAreBuiltInOrderAndClosedInReverseOrder() {
		this.runner
			.withPropertyValues(module(0, TestModules.LifecycleModule.class), "modules[0].config.label=first",
					module(1, TestModules.LifecycleModule.class), "modules[1].config.label=second")
			.run((context) -> assertThat(TestModules.events).containsExactly("built first", "built second"));
		assertThat(TestModules.events).containsExactly("built first", "built second", "closed second", "closed first");
	}

	@Test
	void modulesAreClosedBeforeAnyBeanIsDestroyed() {
		this.runner
			.withPropertyValues(module(0, TestModules.LifecycleModule.class), "modules[0].config.label=only")
			.withBean("resource", TestModules.Resource.class)
			.run((context) -> assertThat(TestModules.events).containsExactly("built only"));
		assertThat(TestModules.events).containsExactly("built only", "closed only", "resource destroyed");
	}

	@Test
	void modulesBuiltBeforeAFailureAreClosed() {
		this.runner
			.withPropertyValues(module(0, TestModules.LifecycleModule.class), "modules[0].config.label=first",
					module(1, TestModules.ExplodingModule.class))
			.run((context) -> assertThat(context).hasFailed());
		assertThat(TestModules.events).containsExactly("built first", "closed first");
	}

	@Test
	void registeringAfterTheConstructorReturnedIsRefused() {
		this.runner.withPropertyValues(module(0, TestModules.LateRegistrationModule.class)).run((context) -> {
			ModuleApi api = context.getBean(TestModules.LateRegistrationModule.class).api;
			assertThatIllegalStateException().isThrownBy(() -> api.registerWebResource("/late", new Object()))
				.withMessage("Module 'LateRegistrationModule' called registerWebResource after its constructor"
						+ " returned; modules register everything while their constructor runs");
			assertThatIllegalStateException().isThrownBy(() -> api.registerCallbacks(Runnable.class, () -> {
			})).withMessageContaining("called registerCallbacks after its constructor returned");
		});
	}

	@Test
	void noModulesMeansAnEmptyHost() {
		this.runner.run((context) -> assertThat(context.getBean(ModuleHost.class).modules()).isEmpty());
	}

	static String module(int index, Class<?> type) {
		return "modules[" + index + "].module=" + type.getName();
	}

	static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new ModuleFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	/** Offers {@link TestModules.SpecialApi}. */
	static class SpecialApiFactory implements ModuleApiFactory<TestModules.SpecialApi> {

		@Override
		public Class<TestModules.SpecialApi> apiType() {
			return TestModules.SpecialApi.class;
		}

		@Override
		public TestModules.SpecialApi create(ModuleApi base, ModuleRegistration module) {
			return (TestModules.SpecialApi) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { TestModules.SpecialApi.class }, (proxy, method, args) -> (method.getDeclaringClass() == ModuleApi.class)
							? method.invoke(base, args) : null);
		}

	}

}

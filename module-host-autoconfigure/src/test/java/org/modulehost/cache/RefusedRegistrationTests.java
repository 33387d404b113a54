package org.modulehost.cache;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.Cached;
import org.modulehost.api.CachedMethod1;
import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleLoadException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Registrations and invalidations of methods that are not the module's registered
 * {@code @Cached} methods are refused with {@link IllegalArgumentException}; at start-up the
 * refusal stops the host even if the module swallows it.
 */
class RefusedRegistrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class));

	@Test
	void registeringAMethodThatIsNotCachedIsRefused() {
		assertRefused(NotCachedModule.class, "passed the method 'lookup' to registerCachedFunction, but "
				+ NotCachedModule.class.getName() + " has no @Cached method of that name and signature");
	}

	@Test
	void registeringALambdaExpressionIsRefused() {
		assertRefused(LambdaModule.class, "passed a lambda expression to registerCachedFunction");
	}

	@Test
	void registeringAnotherObjectsMethodIsRefused() {
		assertRefused(OtherObjectModule.class,
				"passed OtherObjectModule.lookup(String) to registerCachedFunction on another object than the module itself");
	}

	@Test
	void aRefusedRegistrationStopsStartUpEvenIfTheModuleSwallowsIt() {
		assertRefused(SwallowingModule.class, "has no @Cached method of that name and signature");
	}

	@Test
	void invalidatingAMethodThatWasNotRegisteredIsRefused() {
		this.runner.withPropertyValues("modules[0].module=" + UnregisteredModule.class.getName(), "modules[0].name=unregistered").run((context) -> {
			UnregisteredModule module = (UnregisteredModule) context.getBean("module:unregistered");
			assertThatIllegalArgumentException().isThrownBy(() -> module.api.invalidateCache(module::lookup, "k"))
				.withMessageContaining("called invalidateCache for UnregisteredModule.lookup(String), which it has not"
						+ " registered; call api.registerCachedFunction(this::lookup) in the module's constructor");
			assertThatIllegalArgumentException().isThrownBy(() -> module.api.invalidateAll(module::lookup))
				.withMessageContaining("called invalidateAll");
		});
	}

	@Test
	void invalidatingWithKeysThatDoNotFitTheCacheIsRefused() {
		this.runner.withPropertyValues("modules[0].module=" + ControlledModule.class.getName(), "modules[0].name=m")
			.run((context) -> {
				ControlledModule module = (ControlledModule) context.getBean("module:m");
				assertThatIllegalArgumentException()
					.isThrownBy(() -> module.api.invalidateCache(module::firstArgumentOnly, "a", "b"))
					.withMessageContaining("Cache 'm.firstArgumentOnly' has 1 key argument")
					.withMessageContaining("but 2 were given");
			});
	}

	@Test
	void invalidatingAPrefixOfACacheThatIsNoTreeIsRefused() {
		this.runner.withPropertyValues("modules[0].module=" + TwoKeyModule.class.getName(), "modules[0].name=two").run((context) -> {
			TwoKeyModule module = (TwoKeyModule) context.getBean("module:two");
			assertThatIllegalArgumentException().isThrownBy(() -> module.api.invalidateCache(module::lookup, "a"))
				.withMessageContaining("needs all 2 key arguments, but 1 were given; only a @Cached(tree = true) cache");
		});
	}

	private void assertRefused(Class<?> moduleClass, String message) {
		this.runner.withPropertyValues("modules[0].module=" + moduleClass.getName()).run((context) -> {
			assertThat(context).hasFailed();
			ModuleLoadException failure = RefusedDeclarationTests.findLoadException(context.getStartupFailure());
			assertThat(failure.getMessage()).contains(message);
			assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class);
		});
	}

	public static class NotCachedModule {

		public NotCachedModule(Map<String, Object> config, ModuleApi api) {
			api.registerCachedFunction(this::lookup);
		}

		public String lookup(String key) {
			return key;
		}

	}

	public static class LambdaModule {

		public LambdaModule(Map<String, Object> config, ModuleApi api) {
			CachedMethod1<String, String> lambda = (key) -> lookup(key);
			api.registerCachedFunction(lambda);
		}

		@Cached
		public String lookup(String key) {
			return key;
		}

	}

	public static class OtherObjectModule {

		public OtherObjectModule(Map<String, Object> config, ModuleApi api) {
			OtherObjectModule other = new OtherObjectModule();
			api.registerCachedFunction(other::lookup);
		}

		OtherObjectModule() {
		}

		@Cached
		public String lookup(String key) {
			return key;
		}

	}

	public static class SwallowingModule {

		public SwallowingModule(Map<String, Object> config, ModuleApi api) {
			try {
				api.registerCachedFunction(this::lookup);
			}
			catch (IllegalArgumentException ex) {
				// a careless module that ignores the refusal
				this.refused = ex;
			}
		}

		IllegalArgumentException refused;

		public String lookup(String key) {
			return key;
		}

	}

	public static class UnregisteredModule {

		final ModuleApi api;

		public UnregisteredModule(Map<String, Object> config, ModuleApi api) {
			this.api = api;
		}

		@Cached
		public String lookup(String key) {
			return key;
		}

	}

	public static class TwoKeyModule {

		final ModuleApi api;

		public TwoKeyModule(Map<String, Object> config, ModuleApi api) {
			this.api = api;
			api.registerCachedFunction(this::lookup);
		}

		@Cached
		public String lookup(String a, String b) {
			return a + b;
		}

	}

}

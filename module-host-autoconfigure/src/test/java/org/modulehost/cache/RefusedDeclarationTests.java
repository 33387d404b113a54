package org.modulehost.cache;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.host.ModuleLoadException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Cached} declarations the generated subclass cannot honour stop start-up with the
 * reason and the fix.
 */
class RefusedDeclarationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class));

	@Test
	void aFinalCachedMethodIsRefused() {
		assertRefused(FinalMethodModule.class,
				"@Cached method FinalMethodModule.lookup(String) is final; remove 'final'");
	}

	@Test
	void aPrivateCachedMethodIsRefused() {
		assertRefused(PrivateMethodModule.class,
				"@Cached method PrivateMethodModule.lookup(String) is private; make it public, protected or package-private");
	}

	@Test
	void aStaticCachedMethodIsRefused() {
		assertRefused(StaticMethodModule.class,
				"@Cached method StaticMethodModule.lookup(String) is static; @Cached applies to instance methods");
	}

	@Test
	void aFinalClassWithACachedMethodIsRefused() {
		assertRefused(FinalClassModule.class, "the class is final but has @Cached methods");
	}

	@Test
	void aTreeCacheWithOneKeyArgumentIsRefused() {
		assertRefused(ShortTreeModule.class,
				"@Cached(tree = true) on ShortTreeModule.lookup(String, String) needs at least 2 key arguments, not 1");
	}

	@Test
	void numArgsBeyondTheParametersIsRefused() {
		assertRefused(TooManyKeyArgumentsModule.class,
				"@Cached(numArgs = 3) on TooManyKeyArgumentsModule.lookup(String, String) must be between 0 and its 2 parameters");
	}

	@Test
	void anArrayKeyArgumentIsRefused() {
		assertRefused(ArrayKeyModule.class,
				"key argument 1 of ArrayKeyModule.lookup(byte[]) is an array, which is compared by identity");
	}

	@Test
	void aCachedMethodWithoutParametersIsRefused() {
		assertRefused(NoParameterModule.class,
				"@Cached method NoParameterModule.lookup() has 0 parameters; a cached function takes 1 to 3");
	}

	@Test
	void twoCachedMethodsOfOneNameAreRefused() {
		assertRefused(OverloadedModule.class, "the class has several @Cached methods named 'lookup'");
	}

	@Test
	void everyProblemOfAClassIsReportedAtOnce() {
		assertRefused(ManyProblemsModule.class, "lookup(String) is final", "other(String) returns nothing to cache");
	}

	@Test
	void aModuleWhoseCachedMethodIsInheritedIsCached() {
		this.runner
			.withPropertyValues("modules[0].module=" + InheritingModule.class.getName(), "modules[0].name=inheriting")
			.run((context) -> {
			InheritingModule module = (InheritingModule) context.getBean("module:inheriting");
			assertThat(module.lookup("a")).isEqualTo(module.lookup("a"));
			assertThat(module.calls).isEqualTo(1);
		});
	}

	private void assertRefused(Class<?> moduleClass, String... messages) {
		this.runner.withPropertyValues("modules[0].module=" + moduleClass.getName()).run((context) -> {
			assertThat(context).hasFailed();
			ModuleLoadException failure = findLoadException(context.getStartupFailure());
			assertThat(failure.path()).isEqualTo("modules[0].module");
			assertThat(failure.moduleClass()).isEqualTo(moduleClass.getName());
			assertThat(failure.problem()).contains(messages);
			assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class);
		});
	}

	static ModuleLoadException findLoadException(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ModuleLoadException loadException) {
				return loadException;
			}
		}
		throw new AssertionError("No ModuleLoadException in " + failure, failure);
	}

	public static class FinalMethodModule {

		public FinalMethodModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public final String lookup(String key) {
			return key;
		}

	}

	public static class PrivateMethodModule {

		public PrivateMethodModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		private String lookup(String key) {
			return key;
		}

	}

	public static class StaticMethodModule {

		public StaticMethodModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public static String lookup(String key) {
			return key;
		}

	}

	public static final class FinalClassModule {

		public FinalClassModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public String lookup(String key) {
			return key;
		}

	}

	public static class ShortTreeModule {

		public ShortTreeModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached(tree = true, numArgs = 1)
		public String lookup(String key, String note) {
			return key;
		}

	}

	public static class TooManyKeyArgumentsModule {

		public TooManyKeyArgumentsModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached(numArgs = 3)
		public String lookup(String key, String note) {
			return key;
		}

	}

	public static class ArrayKeyModule {

		public ArrayKeyModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public String lookup(byte[] key) {
			return "";
		}

	}

	public static class NoParameterModule {

		public NoParameterModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public String lookup() {
			return "";
		}

	}

	public static class OverloadedModule {

		public OverloadedModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public String lookup(String key) {
			return key;
		}

		@Cached
		public String lookup(List<String> keys) {
			return "";
		}

	}

	public static class ManyProblemsModule {

		public ManyProblemsModule(Map<String, Object> config, ModuleApi api) {
		}

		@Cached
		public final String lookup(String key) {
			return key;
		}

		@Cached
		public void other(String key) {
		}

	}

	public static class CachingBase {

		int calls;

		@Cached
		public String lookup(String key) {
			return key + "#" + ++this.calls;
		}

	}

	public static class InheritingModule extends CachingBase {

		public InheritingModule(Map<String, Object> config, ModuleApi api) {
			api.registerCachedFunction(this::lookup);
		}

	}

}

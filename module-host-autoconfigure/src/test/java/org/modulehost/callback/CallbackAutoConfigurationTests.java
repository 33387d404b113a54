package org.modulehost.callback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.modulehost.actuate.ModulesEndpoint;
import org.modulehost.api.ModuleApi;
import org.modulehost.api.callback.CallbackFailedException;
import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.modulehost.callback.categories.Checks;
import org.modulehost.callback.categories.Echo;
import org.modulehost.callback.categories.Primitives;
import org.modulehost.host.ModuleHost;
import org.modulehost.host.ModuleLoadException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The callback feature in an application: modules loaded from {@code modules:} register through
 * their {@code ModuleApi}, hosts dispatch through the {@link CallbackRegistry} bean.
 */
class CallbackAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CallbackAutoConfiguration.class, ModuleHostAutoConfiguration.class));

	@Test
	void modulesConfiguredUnderModulesRegisterCallbacksThatTheRegistryBeanDispatches() {
		this.runner
			.withPropertyValues("modules[0].module=" + DenyUserModule.class.getName(), "modules[0].name=first",
					"modules[0].config.deny=@mallory", "modules[1].module=" + DenyUserModule.class.getName(),
					"modules[1].name=second", "modules[1].config.deny=@eve")
			.run((context) -> {
				CallbackRegistry registry = context.getBean(CallbackRegistry.class);
				Checks checks = registry.dispatcher(Checks.class);
				assertThat(checks.checkUser("@mallory")).isEqualTo("deny by first");
				assertThat(checks.checkUser("@eve")).isEqualTo("deny by second");
				assertThat(checks.checkUser("@alice")).isEqualTo("allow");
				assertThat(registry.registrations(Checks.class)).extracting(CallbackRegistration::moduleName)
					.containsExactly("first", "second");
				assertThat(registry.categories()).containsExactly(Checks.class);
			});
	}

	@Test
	void aSecondModuleOnAnExclusiveCallbackFailsStartUpNamingBothEvenIfItCatchesTheRefusal() {
		this.runner
			.withPropertyValues("modules[0].module=" + LimitModule.class.getName(), "modules[0].name=limits",
					"modules[1].module=" + CatchingLimitModule.class.getName(), "modules[1].name=catching")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("module 'limits' already registered it, so module 'catching' cannot");
				ModuleLoadException failure = findCause(context.getStartupFailure(), ModuleLoadException.class);
				assertThat(failure.path()).isEqualTo("modules[1]");
				assertThat(failure.problem()).startsWith("a registration was refused: Callback primitives.limit");
			});
	}

	@Test
	void aModuleWhoseRegistrationIsRefusedFailsStartUpWithTheReason() {
		this.runner
			.withPropertyValues("modules[0].module=" + OverridesNothingModule.class.getName(), "modules[0].name=lazy")
			.run((context) -> {
				assertThat(context).hasFailed();
				ModuleLoadException failure = findCause(context.getStartupFailure(), ModuleLoadException.class);
				assertThat(failure.getMessage()).contains("Module 'lazy' registered a ")
					.contains("but it overrides none of its callbacks");
			});
	}

	@Test
	void theTimeoutOfAsynchronousCallbacksCanBeSetPerCategory() {
		this.runner
			.withPropertyValues("modules[0].module=" + SilentModule.class.getName(), "modules[0].name=silent",
					"modulehost.callbacks.timeout=30s", "modulehost.callbacks.categories.echo.timeout=50ms")
			.run((context) -> {
				Echo echo = context.getBean(CallbackRegistry.class).dispatcher(Echo.class);
				CompletableFuture<Throwable> failure = new CompletableFuture<>();
				echo.echoLater("hello").whenComplete((answer, ex) -> failure.complete(ex));
				assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(CallbackFailedException.class)
					.hasMessage("Module 'silent' failed in callback echo.echoLater: did not complete within PT0.05S");
			});
	}

	@Test
	void categoryNamesInPropertiesMatchIgnoringCaseDashesAndUnderscores() {
		this.runner
			.withPropertyValues("modulehost.callbacks.timeout=30s",
					"modulehost.callbacks.categories.spam-checker.timeout=2s",
					"modulehost.callbacks.categories.account_validity.timeout=3s")
			.run((context) -> {
				CallbackProperties properties = context.getBean(CallbackProperties.class);
				assertThat(properties.timeout("spam_checker")).hasSeconds(2);
				assertThat(properties.timeout("account_validity")).hasSeconds(3);
				assertThat(properties.timeout("presence_router")).hasSeconds(30);
			});
	}

	@Test
	void aTimeoutThatIsNotPositiveFailsStartUp() {
		this.runner.withPropertyValues("modulehost.callbacks.categories.echo.timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class))
				.hasMessageContaining("modulehost.callbacks.categories.echo.timeout")
				.hasMessageContaining("A callback timeout must be positive");
		});
	}

	@Test
	void callsAreTimedWithTheMeterRegistryOfBootsMetricsAutoConfiguration() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("modules[0].module=" + DenyUserModule.class.getName(), "modules[0].name=deny-eve",
					"modules[0].config.deny=@eve")
			.run((context) -> {
				Checks checks = context.getBean(CallbackRegistry.class).dispatcher(Checks.class);
				checks.checkUser("@eve");
				checks.checkUser("@alice");
				checks.checkUser("@bob");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("modulehost.callback")
					.tags("module", "deny-eve", "category", "checks", "callback", "checkUser", "outcome",
							"decisive")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("modulehost.callback").tag("outcome", "neutral").timer().count()).isEqualTo(2);
			});
	}

	@Test
	void theModuleDescriptionListsItsCallbacksPerCategoryInEvaluationOrder() {
		this.runner
			.withPropertyValues("modules[0].module=" + DenyUserModule.class.getName(), "modules[0].name=deny-eve",
					"modules[0].config.deny=@eve", "modules[1].module=" + LimitModule.class.getName(),
					"modules[1].name=limits", "modules[2].module=" + DenyUserModule.class.getName(),
					"modules[2].name=deny-mallory", "modules[2].config.deny=@mallory")
			.run((context) -> {
				ModuleHost host = context.getBean(ModuleHost.class);
				assertThat(host.details(host.module("deny-mallory").orElseThrow())).containsEntry("callbacks",
						Map.of("checks", List.of(Map.of("callback", "checkUser", "combine", "FIRST_DECISIVE",
								"onError", "PROPAGATE", "async", false, "position", 2, "of", 2))));
				assertThat(host.details(host.module("limits").orElseThrow())).containsEntry("callbacks",
						Map.of("primitives",
								List.of(Map.of("callback", "allowed", "combine", "FIRST_DECISIVE", "onError",
										"PROPAGATE", "async", false, "position", 1, "of", 1),
										Map.of("callback", "limit", "combine", "EXCLUSIVE", "onError", "SKIP",
												"async", false, "position", 1, "of", 1))));
				assertThat(new ModulesEndpoint(host).module("limits")).containsKey("callbacks");
			});
	}

	@Test
	void anApplicationsOwnRegistryReplacesTheDefaultOne() {
		DefaultCallbackRegistry own = new DefaultCallbackRegistry((category) -> java.time.Duration.ofSeconds(1),
				() -> null);
		this.runner.withBean("ownRegistry", CallbackRegistry.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(CallbackRegistry.class);
			assertThat(context.getBean(CallbackRegistry.class)).isSameAs(own);
		});
		own.destroy();
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	/**
	 * Denies one user, named in its configuration.
	 */
	public static class DenyUserModule {

		public DenyUserModule(Map<String, Object> config, ModuleApi api) {
			String denied = (String) config.get("deny");
			String name = api.moduleName();
			api.registerCallbacks(Checks.class, new Checks() {
				@Override
				public String checkUser(String user) {
					return user.equals(denied) ? "deny by " + name : "allow";
				}
			});
		}

	}

	/**
	 * Claims the exclusive {@code limit} callback.
	 */
	public static class LimitModule {

		public LimitModule(Map<String, Object> config, ModuleApi api) {
			api.registerCallbacks(Primitives.class, new Primitives() {
				@Override
				public int limit(long user) {
					return 1;
				}

				@Override
				public boolean allowed(String user) {
					return true;
				}
			});
		}

	}

	/**
	 * Claims the exclusive {@code limit} callback too, and swallows the refusal.
	 */
	public static class CatchingLimitModule {

		public CatchingLimitModule(Map<String, Object> config, ModuleApi api) {
			try {
				api.registerCallbacks(Primitives.class, new Primitives() {
					@Override
					public int limit(long user) {
						return 2;
					}
				});
			}
			catch (IllegalArgumentException ex) {
				// a module that ignores the refusal must not start anyway
			}
		}

	}

	/**
	 * Registers an object that overrides no callback.
	 */
	public static class OverridesNothingModule {

		public OverridesNothingModule(Map<String, Object> config, ModuleApi api) {
			api.registerCallbacks(Checks.class, new Checks() {
			});
		}

	}

	/**
	 * Never answers.
	 */
	public static class SilentModule {

		public SilentModule(Map<String, Object> config, ModuleApi api) {
			api.registerCallbacks(Echo.class, new Echo() {
				@Override
				public CompletionStage<String> echoLater(String value) {
					return new CompletableFuture<>();
				}
			});
		}

	}

}

package org.modulehost.cache;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.modulehost.api.Cached;
import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalidations leave over the bus after the local invalidation, and invalidations from other
 * instances arrive over it.
 */
class InvalidationBusTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class))
		.withUserConfiguration(BusConfiguration.class)
		.withPropertyValues("modules[0].module=" + ControlledModule.class.getName(), "modules[0].name=controlled",
				"modules[1].module=" + TimeModule.class.getName(), "modules[1].name=time");

	@Test
	void theHostSubscribesOnceAtStartUp() {
		this.runner.run((context) -> assertThat(bus(context).subscriptions).isEqualTo(1));
	}

	@Test
	void anInvalidationIsPublishedWithTypedKeys() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.forgetRoomMember("!room", 42L).join();
			assertThat(bus(context).published)
				.containsExactly(new Invalidation("controlled.byRoom", "[{\"s\":\"!room\"},{\"l\":42}]"));
		});
	}

	@Test
	void invalidatingEverythingIsPublishedWithoutKeys() {
		this.runner.run((context) -> {
			module(context).forgetAllLookups().join();
			assertThat(bus(context).published).containsExactly(new Invalidation("controlled.lookup", null));
		});
	}

	@Test
	void keysThatCannotTravelMakeTheOtherInstancesDropTheWholeCache() {
		this.runner.run((context) -> {
			TimeModule module = (TimeModule) context.getBean("module:time");
			module.at(Instant.EPOCH);
			module.forget(Instant.EPOCH).join();
			assertThat(module.calls).isEqualTo(1);
			module.at(Instant.EPOCH);
			assertThat(module.calls).isEqualTo(2);
			assertThat(bus(context).published).containsExactly(new Invalidation("time.at", null));
		});
	}

	@Test
	void anInvalidationFromAnotherInstanceDropsTheEntry() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.byRoom("!room", 42L);
			module.byRoom("!room", 43L);
			bus(context).deliver(new Invalidation("controlled.byRoom", "[{\"s\":\"!room\"},{\"l\":42}]"));
			assertThat(module.byRoom("!room", 42L)).endsWith("#3");
			assertThat(module.byRoom("!room", 43L)).endsWith("#2");
			assertThat(bus(context).published).isEmpty();
		});
	}

	@Test
	void aPrefixFromAnotherInstanceDropsTheSubtree() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.byRoom("!room", 42L);
			module.byRoom("!room", 43L);
			bus(context).deliver(new Invalidation("controlled.byRoom", "[{\"s\":\"!room\"}]"));
			assertThat(module.byRoom("!room", 42L)).endsWith("#3");
			assertThat(module.byRoom("!room", 43L)).endsWith("#4");
		});
	}

	@Test
	void anInvalidationOfAnotherTypeOfKeyDoesNotMatch() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.byRoom("!room", 42L);
			bus(context).deliver(new Invalidation("controlled.byRoom", "[{\"s\":\"!room\"},{\"i\":42}]"));
			assertThat(module.byRoom("!room", 42L)).endsWith("#1");
		});
	}

	@Test
	void anInvalidationOfEverythingFromAnotherInstanceEmptiesTheCache() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.lookup("a");
			bus(context).deliver(new Invalidation("controlled.lookup", null));
			assertThat(module.lookup("a")).isEqualTo("a#2");
		});
	}

	@Test
	void anInvalidationOfAnUnknownCacheIsIgnored() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.lookup("a");
			bus(context).deliver(new Invalidation("elsewhere.lookup", "[{\"s\":\"a\"}]"));
			assertThat(module.lookup("a")).isEqualTo("a#1");
		});
	}

	@Test
	void keysThatCannotBeDecodedDropTheWholeCache() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.lookup("a");
			module.lookup("b");
			bus(context).deliver(new Invalidation("controlled.lookup", "[{\"zz\":1}]"));
			assertThat(module.lookup("a")).isEqualTo("a#3");
			assertThat(module.lookup("b")).isEqualTo("b#4");
		});
	}

	@Test
	void aResyncClearsEveryModuleCache() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.lookup("a");
			module.byRoom("!room", 1L);
			bus(context).resync();
			assertThat(module.lookup("a")).isEqualTo("a#2");
			assertThat(module.byRoom("!room", 1L)).endsWith("#2");
		});
	}

	@Test
	void withoutATransportTheBusDoesNothing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(InvalidationBus.class).isSameAs(InvalidationBus.NONE));
	}

	private static ControlledModule module(ApplicationContext context) {
		return (ControlledModule) context.getBean("module:controlled");
	}

	private static RecordingBus bus(ApplicationContext context) {
		return context.getBean(RecordingBus.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class BusConfiguration {

		@Bean
		RecordingBus recordingBus() {
			return new RecordingBus();
		}

	}

	public static class TimeModule {

		int calls;

		private final ModuleApi api;

		public TimeModule(Map<String, Object> config, ModuleApi api) {
			this.api = api;
			api.registerCachedFunction(this::at);
		}

		@Cached
		public String at(Instant instant) {
			this.calls++;
			return instant.toString();
		}

		java.util.concurrent.CompletableFuture<Void> forget(Instant instant) {
			return this.api.invalidateCache(this::at, instant);
		}

	}

}

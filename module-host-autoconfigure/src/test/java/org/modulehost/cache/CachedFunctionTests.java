package org.modulehost.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of cached functions, through a real module loaded by the host.
 */
class CachedFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleCacheAutoConfiguration.class, ModuleHostAutoConfiguration.class))
		.withPropertyValues("modules[0].module=" + ControlledModule.class.getName(), "modules[0].name=controlled");

	private final ExecutorService executor = Executors.newFixedThreadPool(32);

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	@Test
	void callsThroughThisAreCached() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			assertThat(module.lookupTwice("a")).isEqualTo("a#1|a#1");
			assertThat(module.lookup("a")).isEqualTo("a#1");
			assertThat(module.lookups).hasValue(1);
		});
	}

	@Test
	void callsBeforeTheRegistrationGoStraightToTheModule() {
		this.runner.run((context) -> assertThat(module(context).callsBeforeRegistration).hasValue(2));
	}

	@Test
	void concurrentCallersOfOneKeyShareOneComputation() throws Exception {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.entered = new CountDownLatch(1);
			module.release = new CountDownLatch(1);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				results.add(this.executor.submit(() -> {
					start.await();
					return module.lookup("k");
				}));
			}
			start.countDown();
			assertThat(module.entered.await(10, TimeUnit.SECONDS)).isTrue();
			CachedFunction cache = registry(context).cache("controlled.lookup");
			await().atMost(TIMEOUT).until(() -> lookups(cache) == 32);
			module.release.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
			}
			assertThat(module.lookups).hasValue(1);
			assertThat(cache.statistics().misses()).isEqualTo(1);
			assertThat(cache.statistics().hits()).isEqualTo(31);
		});
	}

	@Test
	void concurrentCallersOfAFutureMethodShareOneComputation() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<CompletableFuture<String>>> calls = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				calls.add(this.executor.submit(() -> {
					start.await();
					return module.asyncLookup("k");
				}));
			}
			start.countDown();
			List<CompletableFuture<String>> results = new ArrayList<>();
			for (Future<CompletableFuture<String>> call : calls) {
				results.add(call.get(10, TimeUnit.SECONDS));
			}
			assertThat(module.asyncLookups).hasValue(1);
			assertThat(results).noneMatch(CompletableFuture::isDone);
			module.pending.remove().complete("value");
			assertThat(results).allSatisfy((result) -> assertThat(result).isCompletedWithValue("value"));
		});
	}

	@Test
	void aFailureIsNotCached() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			IllegalStateException failure = new IllegalStateException("database down");
			module.failure = failure;
			assertThatIllegalStateException().isThrownBy(() -> module.lookup("k")).isSameAs(failure);
			assertThat(module.lookup("k")).isEqualTo("k#2");
			assertThat(module.lookup("k")).isEqualTo("k#2");
		});
	}

	@Test
	void aFailedFutureIsRemovedBeforeItsCallersHearOfIt() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			CompletableFuture<String> first = module.asyncLookup("k");
			AtomicReference<CompletableFuture<String>> retry = new AtomicReference<>();
			first.whenComplete((value, ex) -> retry.set(module.asyncLookup("k")));
			IOException failure = new IOException("timed out");
			module.pending.remove().completeExceptionally(failure);
			assertThat(first).isCompletedExceptionally();
			assertThatExceptionOfType(Exception.class).isThrownBy(first::join).havingCause().isSameAs(failure);
			assertThat(retry.get()).isNotDone();
			assertThat(module.asyncLookups).hasValue(2);
			module.pending.remove().complete("second");
			assertThat(retry.get()).isCompletedWithValue("second");
		});
	}

	@Test
	void nullIsCachedAsAValue() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			assertThat(module.nothing("k")).isNull();
			assertThat(module.nothing("k")).isNull();
			assertThat(module.lookups).hasValue(1);
		});
	}

	@Test
	void anInvalidationDuringAComputationKeepsItsResultOutOfTheCache() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.entered = new CountDownLatch(1);
			module.release = new CountDownLatch(1);
			CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> module.lookup("k"), this.executor);
			assertThat(module.entered.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Void> invalidation = module.forgetLookup("k");
			assertThat(invalidation).isCompleted();
			module.release.countDown();
			assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
			assertThat(module.lookup("k")).isEqualTo("k#2");
			assertThat(module.lookup("k")).isEqualTo("k#2");
		});
	}

	@Test
	void aComputationInvalidatedWhileRunningDoesNotOverwriteALaterOne() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			CompletableFuture<String> stale = module.asyncLookup("k");
			module.forgetAsyncLookup("k").join();
			CompletableFuture<String> fresh = module.asyncLookup("k");
			CompletableFuture<String> first = module.pending.remove();
			CompletableFuture<String> second = module.pending.remove();
			second.complete("fresh");
			first.complete("stale");
			assertThat(stale).isCompletedWithValue("stale");
			assertThat(fresh).isCompletedWithValue("fresh");
			assertThat(module.asyncLookup("k")).isCompletedWithValue("fresh");
			assertThat(module.asyncLookups).hasValue(2);
		});
	}

	@Test
	void cancellingOneCallersFutureLeavesTheComputationAndOtherCallersAlone() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			CompletableFuture<String> impatient = module.asyncLookup("k");
			CompletableFuture<String> patient = module.asyncLookup("k");
			impatient.cancel(true);
			CompletableFuture<String> computation = module.pending.remove();
			assertThat(computation).isNotCancelled();
			computation.complete("value");
			assertThat(patient).isCompletedWithValue("value");
			assertThat(module.asyncLookup("k")).isCompletedWithValue("value");
			assertThat(module.asyncLookups).hasValue(1);
		});
	}

	@Test
	void aTreeCacheDropsEveryEntryUnderAKeyPrefix() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			assertThat(module.byRoom("!a", 1)).isEqualTo("!a/1#1");
			assertThat(module.byRoom("!a", 2)).isEqualTo("!a/2#2");
			assertThat(module.byRoom("!b", 1)).isEqualTo("!b/1#3");
			module.forgetRoom("!a").join();
			assertThat(module.byRoom("!a", 1)).isEqualTo("!a/1#4");
			assertThat(module.byRoom("!a", 2)).isEqualTo("!a/2#5");
			assertThat(module.byRoom("!b", 1)).isEqualTo("!b/1#3");
			module.forgetRoomMember("!a", 1).join();
			assertThat(module.byRoom("!a", 1)).isEqualTo("!a/1#6");
			assertThat(module.byRoom("!a", 2)).isEqualTo("!a/2#5");
		});
	}

	@Test
	void aTreeCacheOfThreeKeysDropsEntriesUnderATwoKeyPrefix() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.byRoomAndType("!a", "m.room.member", 1);
			module.byRoomAndType("!a", "m.room.member", 2);
			module.byRoomAndType("!a", "m.room.name", 1);
			module.forgetRoomType("!a", "m.room.member").join();
			assertThat(module.byRoomAndType("!a", "m.room.member", 1)).endsWith("#4");
			assertThat(module.byRoomAndType("!a", "m.room.member", 2)).endsWith("#5");
			assertThat(module.byRoomAndType("!a", "m.room.name", 1)).endsWith("#3");
		});
	}

	@Test
	void onlyTheFirstNumArgsArgumentsFormTheKey() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			assertThat(module.firstArgumentOnly("k", "first")).isEqualTo("k:first#1");
			assertThat(module.firstArgumentOnly("k", "second")).isEqualTo("k:first#1");
			assertThat(module.firstArgumentOnly("j", "second")).isEqualTo("j:second#2");
		});
	}

	@Test
	void invalidateAllDropsEveryEntry() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			module.lookup("a");
			module.lookup("b");
			module.forgetAllLookups().join();
			assertThat(module.lookup("a")).isEqualTo("a#3");
			assertThat(module.lookup("b")).isEqualTo("b#4");
		});
	}

	@Test
	void aCacheHoldsMaxEntriesTimesTheGlobalFactor() {
		this.runner.run((context) -> {
			ControlledModule module = module(context);
			CachedFunction bounded = registry(context).cache("controlled.bounded");
			assertThat(bounded.statistics().capacity()).isEqualTo(5);
			assertThat(registry(context).cache("controlled.lookup").statistics().capacity()).isEqualTo(500);
			for (int i = 0; i < 50; i++) {
				module.bounded(i);
			}
			CachedFunction.Statistics statistics = bounded.statistics();
			assertThat(statistics.size()).isLessThanOrEqualTo(5);
			assertThat(statistics.evictions()).isGreaterThanOrEqualTo(45);
		});
	}

	@Test
	void theGlobalAndPerCacheFactorsSizeTheCaches() {
		this.runner
			.withPropertyValues("modulehost.caches.global-factor=2", "modulehost.caches.per-cache-factors[controlled.bounded]=0.35")
			.run((context) -> {
				assertThat(registry(context).cache("controlled.bounded").statistics().capacity()).isEqualTo(3);
				assertThat(registry(context).cache("controlled.lookup").statistics().capacity()).isEqualTo(2000);
			});
	}

	@Test
	void aPerCacheFactorMatchesTheCacheNameIgnoringCaseAndPunctuation() {
		this.runner.withPropertyValues("modulehost.caches.per-cache-factors.controlledbounded=3")
			.run((context) -> assertThat(registry(context).cache("controlled.bounded").statistics().capacity())
				.isEqualTo(30));
	}

	@Test
	void anEntryNobodyReadsExpires() {
		this.runner.withUserConfiguration(TickerConfiguration.class)
			.withPropertyValues("modulehost.caches.expire-after-access=10m")
			.run((context) -> {
				ControlledModule module = module(context);
				FakeTicker ticker = context.getBean(FakeTicker.class);
				assertThat(module.lookup("k")).isEqualTo("k#1");
				ticker.advance(Duration.ofMinutes(9));
				assertThat(module.lookup("k")).isEqualTo("k#1");
				ticker.advance(Duration.ofMinutes(9));
				assertThat(module.lookup("k")).isEqualTo("k#1");
				ticker.advance(Duration.ofMinutes(11));
				assertThat(module.lookup("k")).isEqualTo("k#2");
			});
	}

	@Test
	void aZeroExpiryKeepsEntriesUntilEvicted() {
		this.runner.withUserConfiguration(TickerConfiguration.class)
			.withPropertyValues("modulehost.caches.expire-after-access=0")
			.run((context) -> {
				ControlledModule module = module(context);
				module.lookup("k");
				context.getBean(FakeTicker.class).advance(Duration.ofDays(1000));
				assertThat(module.lookup("k")).isEqualTo("k#1");
			});
	}

	@Test
	void aNegativeFactorStopsStartUp() {
		this.runner.withPropertyValues("modulehost.caches.global-factor=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("modulehost.caches.global-factor"));
	}

	private static long lookups(CachedFunction cache) {
		CachedFunction.Statistics statistics = cache.statistics();
		return statistics.hits() + statistics.misses();
	}

	private static ControlledModule module(org.springframework.context.ApplicationContext context) {
		return (ControlledModule) context.getBean("module:controlled");
	}

	private static ModuleCacheRegistry registry(org.springframework.context.ApplicationContext context) {
		return context.getBean(ModuleCacheRegistry.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class TickerConfiguration {

		@Bean(ModuleCacheAutoConfiguration.TICKER_BEAN_NAME)
		FakeTicker moduleCacheTicker() {
			return new FakeTicker();
		}

	}

	static final class FakeTicker implements Ticker {

		private final AtomicLong nanos = new AtomicLong();

		@Override
		public long read() {
			return this.nanos.get();
		}

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

	}

}

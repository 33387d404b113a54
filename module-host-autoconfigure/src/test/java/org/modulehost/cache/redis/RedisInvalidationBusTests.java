package org.modulehost.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modulehost.cache.Invalidation;
import org.modulehost.cache.InvalidationBus;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances (two application contexts) exchanging invalidations through a real Redis server
 * that the tests kill, restart and feed forged messages.
 */
class RedisInvalidationBusTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static RedisServer redis;

	private final String channel = "test." + UUID.randomUUID();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@AfterEach
	void redisRunsForTheNextTest() {
		if (!redis.isRunning()) {
			redis.restart();
		}
	}

	private ApplicationContextRunner instance(String name, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisInvalidationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(redis.properties())
			.withPropertyValues("modulehost.caches.invalidation.redis.enabled=true",
					"modulehost.caches.invalidation.redis.channel=" + this.channel,
					"modulehost.caches.invalidation.redis.heartbeat=300ms",
					"modulehost.caches.invalidation.redis.publish-timeout=200ms", "modulehost.instance.name=" + name)
			.withPropertyValues(properties);
	}

	@Test
	void invalidationsReachTheOtherInstanceInOrderWithTheirTypedKeys() {
		instance("a").run((a) -> instance("b").run((b) -> {
			Received onB = new Received(b);
			List<Invalidation> sent = List.of(new Invalidation("my.module.Module.getUser", "[\"@alice:example.com\"]"),
					new Invalidation("my.module.Module.count", "[1,true,null,[2.5,\"x\"]]"),
					new Invalidation("my.module.Module.getUser", null));
			sent.forEach(bus(a)::publish);
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(onB.invalidations).isEqualTo(sent));
			assertThat(onB.resyncs).hasValue(0);
		}));
	}

	@Test
	void anInstanceIgnoresItsOwnMessages() {
		instance("a").run((a) -> instance("b").run((b) -> {
			Received onA = new Received(a);
			Received onB = new Received(b);
			bus(a).publish(new Invalidation("m.M.f", null));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 1);
			bus(b).publish(new Invalidation("m.M.g", null));
			await().atMost(DEADLINE).until(() -> onA.invalidations.size() == 1);
			assertThat(onA.invalidations).containsExactly(new Invalidation("m.M.g", null));
			assertThat(onB.invalidations).containsExactly(new Invalidation("m.M.f", null));
			assertThat(bus(a).metrics().receivedCount()).isEqualTo(1);
		}));
	}

	@Test
	void twoProcessesWithTheSameInstanceNameStillHearEachOther() {
		instance("worker").run((a) -> instance("worker").run((b) -> {
			Received onB = new Received(b);
			assertThat(bus(a).origin()).startsWith("worker/").isNotEqualTo(bus(b).origin());
			bus(a).publish(new Invalidation("m.M.f", "[1]"));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 1);
		}));
	}

	@Test
	void aKilledSubscriptionMakesTheSubscriberClearItsCachesOnceResubscribed() {
		instance("a").run((a) -> instance("b").run((b) -> {
			Received onB = new Received(b);
			long killed = redis.call((commands) -> commands
				.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()));
			assertThat(killed).isGreaterThanOrEqualTo(2);
			await().atMost(DEADLINE)
				.until(() -> counter(b, "modulehost.invalidations.resyncs", "reason", "reconnect") == 1);
			assertThat(onB.resyncs).hasValue(1);
			// Resubscribed: invalidations arrive again.
			bus(a).publish(new Invalidation("m.M.f", "[2]"));
			await().atMost(DEADLINE).until(() -> onB.invalidations.contains(new Invalidation("m.M.f", "[2]")));
		}));
	}

	@Test
	void aRedisRestartMakesEveryInstanceClearItsCachesAndInvalidationsFlowAgain() {
		instance("a").run((a) -> instance("b").run((b) -> {
			Received onA = new Received(a);
			Received onB = new Received(b);
			redis.stop();
			redis.restart();
			await().atMost(DEADLINE).until(() -> onA.resyncs.get() >= 1 && onB.resyncs.get() >= 1);
			Invalidation after = new Invalidation("m.M.f", "[\"after\"]");
			await().atMost(DEADLINE).untilAsserted(() -> {
				bus(a).publish(after);
				await().atMost(Duration.ofMillis(500)).until(() -> onB.invalidations.contains(after));
			});
		}));
	}

	@Test
	void aSkippedSequenceNumberMakesTheReceiverClearItsCaches() {
		instance("b").run((b) -> {
			Received onB = new Received(b);
			forge(InvalidationMessage.invalidate("ghost/1", 1, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", "[1]")));
			forge(InvalidationMessage.invalidate("ghost/1", 2, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", "[2]")));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 2);
			assertThat(onB.resyncs).hasValue(0);
			forge(InvalidationMessage.invalidate("ghost/1", 4, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", "[4]")));
			await().atMost(DEADLINE).until(() -> counter(b, "modulehost.invalidations.resyncs", "reason", "gap") == 1);
			assertThat(onB.resyncs).hasValue(1);
		});
	}

	@Test
	void aHeartbeatAheadOfTheLastInvalidationRevealsTrailingLosses() {
		instance("b").run((b) -> {
			Received onB = new Received(b);
			forge(InvalidationMessage.invalidate("ghost/2", 7, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", "[7]")));
			forge(InvalidationMessage.heartbeat("ghost/2", 7, InvalidationMessage.nowMicros()));
			forge(InvalidationMessage.invalidate("ghost/2", 8, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", "[8]")));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 2);
			assertThat(onB.resyncs).hasValue(0);
			forge(InvalidationMessage.heartbeat("ghost/2", 9, InvalidationMessage.nowMicros()));
			await().atMost(DEADLINE).until(() -> onB.resyncs.get() == 1);
		});
	}

	@Test
	void theOtherInstancesNoticeWhenAnInstanceDroppedAnInvalidation() {
		ApplicationContextRunner first = instance("a", "modulehost.caches.invalidation.redis.publish-queue-capacity=1");
		first.run((a) -> instance("b").run((b) -> {
			Received onB = new Received(b);
			bus(a).publish(new Invalidation("m.M.f", "[1]"));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 1);
			// Redis holds every command for a second: a's publisher waits, its queue overflows.
			redis.call((commands) -> commands.clientPause(1_000));
			for (int i = 0; i < 3; i++) {
				bus(a).publish(new Invalidation("m.M.f", "[" + i + "]"));
			}
			assertThat(bus(a).metrics().failedCount()).isGreaterThanOrEqualTo(1);
			// The dropped one used up a sequence number: b sees the gap and clears its caches.
			await().atMost(DEADLINE).until(() -> counter(b, "modulehost.invalidations.resyncs", "reason", "gap") >= 1);
			assertThat(onB.resyncs.get()).isGreaterThanOrEqualTo(1);
			assertThat(counter(b, "modulehost.invalidations.resyncs", "reason", "reconnect")).isZero();
		}));
	}

	@Test
	void messagesThatAreNotInvalidationsAreIgnored() {
		instance("b").run((b) -> {
			Received onB = new Received(b);
			redis.call((commands) -> commands.publish(bytes(this.channel), bytes("hello")));
			redis.call((commands) -> commands.publish(bytes(this.channel), bytes("{\"type\":\"other\"}")));
			redis.call((commands) -> commands.publish(bytes(this.channel),
					bytes("{\"type\":\"invalidate\",\"origin\":\"ghost/3\",\"seq\":5,\"ts\":0}")));
			forge(InvalidationMessage.invalidate("ghost/3", 1, InvalidationMessage.nowMicros(),
					new Invalidation("m.M.f", null)));
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 1);
			assertThat(onB.resyncs).hasValue(0);
		});
	}

	@Test
	void publishingWhileRedisIsDownReturnsAtOnceAndCountsEachInvalidationAsFailed() {
		instance("a", "modulehost.caches.invalidation.redis.publish-queue-capacity=2").run((a) -> {
			RedisInvalidationBus bus = bus(a);
			bus.publish(new Invalidation("m.M.f", "[\"connected\"]"));
			await().atMost(DEADLINE).until(() -> bus.metrics().sentCount() == 1);
			redis.stop();
			long start = System.nanoTime();
			for (int i = 0; i < 5; i++) {
				bus.publish(new Invalidation("m.M.f", "[" + i + "]"));
			}
			Duration publishing = Duration.ofNanos(System.nanoTime() - start);
			assertThat(publishing).isLessThan(Duration.ofMillis(100));
			// At most 1 in flight and 2 waiting: the rest were dropped straight away.
			assertThat(bus.metrics().failedCount()).isGreaterThanOrEqualTo(2);
			await().atMost(DEADLINE).until(() -> bus.metrics().failedCount() == 5);
			assertThat(bus.metrics().sentCount()).isOne();
			assertThat(counter(a, "modulehost.invalidations.published", "outcome", "failed")).isEqualTo(5);
		});
	}

	@Test
	void metricsCountWhatWasSentReceivedAndHowLongItTook() {
		instance("a").run((a) -> instance("b").run((b) -> {
			Received onB = new Received(b);
			for (int i = 0; i < 10; i++) {
				bus(a).publish(new Invalidation("m.M.f", "[" + i + "]"));
			}
			await().atMost(DEADLINE).until(() -> onB.invalidations.size() == 10);
			assertThat(counter(a, "modulehost.invalidations.published", "outcome", "sent")).isEqualTo(10);
			assertThat(b.getBean(MeterRegistry.class).get("modulehost.invalidations.received").counter().count())
				.isEqualTo(10);
			assertThat(b.getBean(MeterRegistry.class).get("modulehost.invalidations.latency").timer().count())
				.isEqualTo(10);
		}));
	}

	private void forge(InvalidationMessage message) {
		redis.call((commands) -> commands.publish(bytes(this.channel), message.toJson()));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static RedisInvalidationBus bus(AssertableApplicationContext context) {
		return (RedisInvalidationBus) context.getBean(InvalidationBus.class);
	}

	private static double counter(AssertableApplicationContext context, String name, String tag, String value) {
		return context.getBean(MeterRegistry.class).get(name).tag(tag, value).counter().count();
	}

	/**
	 * What the cache feature would do with the bus: apply invalidations, count resyncs.
	 */
	static final class Received {

		final List<Invalidation> invalidations = new CopyOnWriteArrayList<>();

		final AtomicInteger resyncs = new AtomicInteger();

		Received(AssertableApplicationContext context) {
			context.getBean(InvalidationBus.class).subscribe(this.invalidations::add, this.resyncs::incrementAndGet);
		}

	}

}

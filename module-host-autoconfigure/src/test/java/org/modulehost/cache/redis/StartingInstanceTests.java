package org.modulehost.cache.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that has just started answers requests before its subscription to the
 * invalidation channel is confirmed. Whatever it cached then may have been invalidated by another
 * instance meanwhile, through a message it never got: it drops it all once subscribed, and its
 * readiness probe says not ready until then. The window is held open by a latch, not by timing.
 */
class StartingInstanceTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static RedisServer redis;

	private final String channel = "starting." + UUID.randomUUID();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ConfigurableApplicationContext first;

	private CompletableFuture<ConfigurableApplicationContext> second;

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
	void stopTheInstances() {
		SubscriptionGate.latch.countDown();
		if (this.second != null) {
			this.second.join().close();
		}
		if (this.first != null) {
			this.first.close();
		}
	}

	@Test
	void aValueCachedBeforeTheSubscriptionIsConfirmedIsDroppedAndTheInstanceIsNotReadyMeanwhile() throws Exception {
		ProfileModule.names.put("@dave:example.com", "Dave");
		this.first = instance("first", false).run();
		SubscriptionGate.close();
		AtomicReference<Integer> secondPort = new AtomicReference<>();
		AtomicReference<Integer> secondManagementPort = new AtomicReference<>();
		SpringApplicationBuilder second = instance("second", true).listeners((WebServerInitializedEvent event) -> {
			if ("management".equals(event.getApplicationContext().getServerNamespace())) {
				secondManagementPort.set(event.getWebServer().getPort());
			}
			else {
				secondPort.set(event.getWebServer().getPort());
			}
		});
		this.second = CompletableFuture.supplyAsync(second::run);

		// The second instance answers while its subscription waits at the gate.
		await().atMost(DEADLINE).until(() -> secondPort.get() != null && answers(secondPort.get()));
		assertThat(SubscriptionGate.waiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(get(secondPort.get(), "/names/@dave:example.com").body()).isEqualTo("Dave");
		// Another instance changes the name and invalidates: the message cannot reach the second.
		profiles(this.first).rename("@dave:example.com", "David");
		await().atMost(DEADLINE).until(() -> secondManagementPort.get() != null);
		assertThat(get(secondManagementPort.get(), "/actuator/health/readiness").statusCode()).isEqualTo(503);

		SubscriptionGate.latch.countDown();
		ConfigurableApplicationContext started = this.second.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(get(secondPort.get(), "/names/@dave:example.com").body()).isEqualTo("David");
		HttpResponse<String> readiness = get(managementPort(started), "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"moduleCacheInvalidation\":{\"status\":\"UP\"");
	}

	@Test
	void theReadinessProbeIsDownWhileTheSubscriptionIsNotConfirmed() throws Exception {
		SubscriptionGate.close();
		AtomicReference<Integer> managementPort = new AtomicReference<>();
		SpringApplicationBuilder builder = instance("alone", true).listeners((WebServerInitializedEvent event) -> {
			if ("management".equals(event.getApplicationContext().getServerNamespace())) {
				managementPort.set(event.getWebServer().getPort());
			}
		});
		this.second = CompletableFuture.supplyAsync(builder::run);
		assertThat(SubscriptionGate.waiting.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(DEADLINE).until(() -> managementPort.get() != null);
		HttpResponse<String> waiting = get(managementPort.get(), "/actuator/health/readiness");
		assertThat(waiting.statusCode()).isEqualTo(503);
		assertThat(waiting.body()).contains("\"moduleCacheInvalidation\":{\"status\":\"OUT_OF_SERVICE\"");
		SubscriptionGate.latch.countDown();
		this.second.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		await().atMost(DEADLINE)
			.until(() -> get(managementPort.get(), "/actuator/health/readiness").statusCode() == 200);
	}

	private SpringApplicationBuilder instance(String name, boolean gated) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(
				gated ? GatedApplication.class : StartingApplication.class)
			.properties(redis.properties())
			.properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
					"modulehost.instance.name=" + name, "modulehost.caches.invalidation.redis.enabled=true",
					"modulehost.caches.invalidation.redis.channel=" + this.channel,
					"modulehost.caches.invalidation.redis.heartbeat=500ms",
					"modulehost.caches.invalidation.redis.publish-timeout=300ms",
					"management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState,moduleCacheInvalidation",
					"management.endpoint.health.group.readiness.show-components=always",
					"modules[0].module=" + ProfileModule.class.getName(), "modules[0].name=profiles");
		return builder;
	}

	private boolean answers(int port) {
		try {
			get(port, "/names/nobody");
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private HttpResponse<String> get(int port, String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int managementPort(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	private static ProfileModule profiles(ApplicationContext context) {
		return (ProfileModule) context.getBean("module:profiles");
	}

	/**
	 * Holds the bus's subscription back until the test opens the gate.
	 */
	static final class SubscriptionGate implements BeanPostProcessor {

		static volatile CountDownLatch latch = new CountDownLatch(0);

		static volatile CountDownLatch waiting = new CountDownLatch(1);

		static void close() {
			latch = new CountDownLatch(1);
			waiting = new CountDownLatch(1);
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof RedisInvalidationBus bus) {
				bus.beforeSubscribing(() -> {
					waiting.countDown();
					try {
						latch.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			return bean;
		}

	}

	/**
	 * Answers the module's cached display names over HTTP.
	 */
	@RestController
	static final class NamesController {

		private final ApplicationContext context;

		NamesController(ApplicationContext context) {
			this.context = context;
		}

		@GetMapping("/names/{userId}")
		String name(@PathVariable String userId) {
			return profiles(this.context).displayName(userId);
		}

	}

	/**
	 * An instance.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StartingApplication {

		@Bean
		NamesController namesController(ApplicationContext context) {
			return new NamesController(context);
		}

	}

	/**
	 * An instance whose subscription waits at the gate.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GatedApplication extends StartingApplication {

		@Bean
		static SubscriptionGate subscriptionGate() {
			return new SubscriptionGate();
		}

	}

}

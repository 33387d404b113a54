package org.modulehost.cache.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modulehost.cache.InvalidationBus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application, each a full Spring Boot web application on a port of its
 * own with the same module, share one Redis server (and one "database"): an invalidation on
 * either is a cache miss on the other, and after Redis restarts no instance serves a value that
 * was invalidated while it was gone.
 */
class ScaleOutInvalidationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String ADMIN_TOKEN = "scale-out-test-token";

	private static RedisServer redis;

	private final String channel = "scale-out." + UUID.randomUUID();

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

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

	@BeforeEach
	void startTwoInstances() {
		ProfileModule.names.clear();
		ProfileModule.levels.clear();
		this.first = instance("first");
		this.second = instance("second");
	}

	@AfterEach
	void stopTheInstances() {
		if (this.second != null) {
			this.second.close();
		}
		if (this.first != null) {
			this.first.close();
		}
		if (!redis.isRunning()) {
			redis.restart();
		}
	}

	private ConfigurableApplicationContext instance(String name) {
		return new SpringApplicationBuilder(ScaleOutApplication.class).properties(redis.properties())
			.properties("server.port=0", "spring.main.banner-mode=off", "modulehost.instance.name=" + name,
					"modulehost.instance.background-tasks=first", "modulehost.caches.invalidation.redis.enabled=true",
					"modulehost.caches.invalidation.redis.channel=" + this.channel,
					"modulehost.caches.invalidation.redis.heartbeat=500ms",
					"modulehost.caches.invalidation.redis.publish-timeout=300ms",
					"management.endpoints.web.exposure.include=modulecaches", "modulehost.admin.token=" + ADMIN_TOKEN,
					"modules[0].module=" + ProfileModule.class.getName(), "modules[0].name=profiles")
			.run();
	}

	@Test
	void anInvalidationOnOneInstanceIsACacheMissOnTheOther() {
		ProfileModule.names.put("@alice:example.com", "Alice");
		assertThat(profiles(this.first).displayName("@alice:example.com")).isEqualTo("Alice");
		assertThat(profiles(this.second).displayName("@alice:example.com")).isEqualTo("Alice");
		assertThat(profiles(this.second).displayName("@alice:example.com")).isEqualTo("Alice");
		assertThat(profiles(this.second).lookups).hasValue(1);

		profiles(this.first).rename("@alice:example.com", "Alicia");

		await().atMost(DEADLINE)
			.until(() -> profiles(this.second).displayName("@alice:example.com"), "Alicia"::equals);
		assertThat(profiles(this.second).lookups).hasValue(2);
		assertThat(profiles(this.first).displayName("@alice:example.com")).isEqualTo("Alicia");
	}

	@Test
	void typedKeysDropExactlyTheMatchingEntryOnTheOtherInstance() {
		ProfileModule.levels.put("42/true", 100);
		ProfileModule.levels.put("42/false", 0);
		ProfileModule other = profiles(this.second);
		assertThat(other.level(42L, true)).isEqualTo(100);
		assertThat(other.level(42L, false)).isZero();
		assertThat(other.lookups).hasValue(2);

		ProfileModule.levels.put("42/false", 10);
		profiles(this.first).changeLevel(42L, true, 50);

		await().atMost(DEADLINE).until(() -> other.level(42L, true), (level) -> level == 50);
		assertThat(other.lookups).hasValue(3);
		// Not invalidated: still the cached entry, though the store changed behind its back.
		assertThat(other.level(42L, false)).isZero();
		assertThat(other.lookups).hasValue(3);
	}

	@Test
	void theAdministratorsInvalidationEndpointReachesTheOtherInstance() throws Exception {
		ProfileModule.names.put("@bob:example.com", "Bob");
		assertThat(profiles(this.second).displayName("@bob:example.com")).isEqualTo("Bob");
		ProfileModule.names.put("@bob:example.com", "Robert");

		URI cache = URI.create(baseUrl(this.first) + "/actuator/modulecaches/profiles.displayName");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(cache).header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(204);
		await().atMost(DEADLINE)
			.until(() -> profiles(this.second).displayName("@bob:example.com"), "Robert"::equals);
	}

	@Test
	void afterRedisRestartsNoInstanceServesAValueInvalidatedWhileItWasDown() {
		ProfileModule.names.put("@carol:example.com", "Carol");
		assertThat(profiles(this.first).displayName("@carol:example.com")).isEqualTo("Carol");
		assertThat(profiles(this.second).displayName("@carol:example.com")).isEqualTo("Carol");
		long resyncsBefore = bus(this.second).metrics().resyncCount();

		redis.stop();
		// The invalidation cannot reach the other instance: Redis is gone.
		profiles(this.first).rename("@carol:example.com", "Caroline");
		await().atMost(DEADLINE).until(() -> bus(this.first).metrics().failedCount() == 1);
		assertThat(profiles(this.second).displayName("@carol:example.com")).isEqualTo("Carol");
		redis.restart();

		// Once the second instance is subscribed again it has cleared its caches...
		await().atMost(DEADLINE).until(() -> bus(this.second).metrics().resyncCount() > resyncsBefore);
		assertThat(profiles(this.second).displayName("@carol:example.com")).isEqualTo("Caroline");
		assertThat(profiles(this.first).displayName("@carol:example.com")).isEqualTo("Caroline");

		// ...and invalidations flow again.
		await().atMost(DEADLINE).untilAsserted(() -> {
			profiles(this.first).rename("@carol:example.com", "Caro");
			await().atMost(Duration.ofSeconds(1))
				.until(() -> profiles(this.second).displayName("@carol:example.com"), "Caro"::equals);
		});
	}

	private static ProfileModule profiles(ConfigurableApplicationContext context) {
		return (ProfileModule) context.getBean("module:profiles");
	}

	private static RedisInvalidationBus bus(ConfigurableApplicationContext context) {
		return (RedisInvalidationBus) context.getBean(InvalidationBus.class);
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The application both instances run.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ScaleOutApplication {

	}

}

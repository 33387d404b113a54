package org.modulehost.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.api.BackgroundCall;
import org.modulehost.api.ModuleApi;
import org.modulehost.autoconfigure.ModuleHostAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The running-work and outside-world parts of a module's {@link ModuleApi}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModuleApiCoreTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ModuleHostAutoConfiguration.class))
		.withPropertyValues("modules[0].module=" + ApiKeeper.class.getName());

	@Test
	void aLoopingCallFirstRunsAfterOneIntervalAndGoesOnAfterAFailure(CapturedOutput output) {
		this.runner.run((context) -> {
			ModuleApi api = api(context);
			AtomicInteger runs = new AtomicInteger();
			CountDownLatch threeRuns = new CountDownLatch(3);
			long start = System.nanoTime();
			AtomicReference<Long> firstRunAfter = new AtomicReference<>();
			BackgroundCall call = api.loopingBackgroundCall(() -> {
				firstRunAfter.compareAndSet(null, System.nanoTime() - start);
				threeRuns.countDown();
				if (runs.incrementAndGet() == 1) {
					throw new IllegalStateException("first run fails");
				}
			}, Duration.ofMillis(50));
			assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
			call.cancel();
			assertThat(call.isCancelled()).isTrue();
			assertThat(firstRunAfter.get()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
			assertThat(output).contains("Background call of module 'ApiKeeper' failed")
				.contains("first run fails");
		});
	}

	@Test
	void aLoopingCallIsNotScheduledWhereBackgroundTasksRunElsewhere(CapturedOutput output) {
		this.runner
			.withPropertyValues("modulehost.instance.name=worker-2", "modulehost.instance.background-tasks=worker-1")
			.run((context) -> {
				ModuleApi api = api(context);
				assertThat(api.shouldRunBackgroundTasks()).isFalse();
				assertThat(api.instanceName()).isEqualTo("worker-2");
				AtomicInteger runs = new AtomicInteger();
				api.loopingBackgroundCall(runs::incrementAndGet, Duration.ofMillis(1));
				CountDownLatch everywhere = new CountDownLatch(2);
				api.loopingBackgroundCall(everywhere::countDown, Duration.ofMillis(1), true).isCancelled();
				assertThat(everywhere.await(5, TimeUnit.SECONDS)).isTrue();
				assertThat(runs).hasValue(0);
				assertThat(output).contains("Not scheduling a looping call of module 'ApiKeeper' on instance "
						+ "'worker-2': background tasks run on 'worker-1'");
			});
	}

	@Test
	void aSingleInstanceRunsBackgroundTasks() {
		this.runner.run((context) -> {
			assertThat(api(context).shouldRunBackgroundTasks()).isTrue();
			assertThat(api(context).instanceName()).isEqualTo("main");
		});
	}

	@Test
	void aDelayedCallRunsOnceAndCanBeCancelledBeforeItRuns() {
		this.runner.run((context) -> {
			ModuleApi api = api(context);
			CountDownLatch ran = new CountDownLatch(1);
			api.delayedBackgroundCall(Duration.ofMillis(10), ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			AtomicInteger cancelledRuns = new AtomicInteger();
			BackgroundCall cancelled = api.delayedBackgroundCall(Duration.ofHours(1), cancelledRuns::incrementAndGet);
			cancelled.cancel();
			assertThat(cancelled.isCancelled()).isTrue();
			assertThat(cancelledRuns).hasValue(0);
		});
	}

	@Test
	void backgroundCallsAreCancelledAtShutDown() {
		AtomicReference<BackgroundCall> call = new AtomicReference<>();
		this.runner.run((context) -> call.set(api(context).loopingBackgroundCall(() -> {
		}, Duration.ofHours(1))));
		assertThat(call.get().isCancelled()).isTrue();
	}

	@Test
	void deferToThreadRunsOffTheCallingThread() throws Exception {
		this.runner.run((context) -> {
			CompletableFuture<String> thread = api(context).deferToThread(() -> Thread.currentThread().getName());
			assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("module-worker-")
				.isNotEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void deferToThreadRefusesWorkWhenThePoolAndQueueAreFull() {
		this.runner.withPropertyValues("modulehost.threads.max=1", "modulehost.threads.queue-capacity=1")
			.run((context) -> {
				ModuleApi api = api(context);
				CountDownLatch release = new CountDownLatch(1);
				CompletableFuture<Boolean> busy = api.deferToThread(() -> awaitQuietly(release));
				CompletableFuture<Boolean> queued = api.deferToThread(() -> true);
				CompletableFuture<Boolean> refused = api.deferToThread(() -> true);
				assertThat(refused).failsWithin(Duration.ofSeconds(1))
					.withThrowableThat()
					.havingCause()
					.withMessageContaining("deferToThread refused");
				release.countDown();
				assertThat(busy).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(true);
				assertThat(queued).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(true);
			});
	}

	@Test
	void sleepCompletesAfterTheDuration() {
		this.runner.run((context) -> {
			long start = System.nanoTime();
			api(context).sleep(Duration.ofMillis(30)).get(5, TimeUnit.SECONDS);
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
			assertThatIllegalArgumentException().isThrownBy(() -> api(context).sleep(Duration.ofMillis(-1)));
		});
	}

	@Test
	void theHttpClientSendsAUserAgentNamingTheModule() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		List<String> agents = new CopyOnWriteArrayList<>();
		server.createContext("/ping", (exchange) -> {
			agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
			byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			this.runner.withPropertyValues("modulehost.http.user-agent=TestHost/1").run((context) -> {
				String body = api(context).httpClient()
					.get()
					.uri("http://127.0.0.1:" + server.getAddress().getPort() + "/ping")
					.retrieve()
					.body(String.class);
				assertThat(body).isEqualTo("pong");
				assertThat(agents).containsExactly("TestHost/1 (module ApiKeeper)");
			});
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void hostPropertiesAreReadConverted() {
		this.runner.withPropertyValues("homeserver.server-name=example.org", "homeserver.max-rooms=12").run((context) -> {
			ModuleApi api = api(context);
			assertThat(api.hostProperty("homeserver.server-name", String.class)).contains("example.org");
			assertThat(api.hostProperty("homeserver.max-rooms", Integer.class)).contains(12);
			assertThat(api.hostProperty("homeserver.absent", String.class)).isEqualTo(Optional.empty());
			assertThatIllegalArgumentException()
				.isThrownBy(() -> api.hostProperty("homeserver.server-name", Integer.class))
				.withMessageStartingWith("Host property 'homeserver.server-name' cannot be read as Integer");
		});
	}

	@Test
	void aFeatureTheHostLacksIsRefusedClearly() {
		this.runner.withPropertyValues("modules[0].module=" + WebModule.class.getName())
			.run((context) -> assertThat(ModuleLoadingTests.analysis(context).getDescription())
				.contains("Module 'WebModule' called registerWebResource, but this host does not support web resources"));
	}

	@Test
	void whatAFailedModuleRegisteredIsUndone() {
		RecordingWebRegistrar web = new RecordingWebRegistrar();
		this.runner.withPropertyValues("modules[0].module=" + WebModule.class.getName(),
				"modules[1].module=" + FailingWebModule.class.getName())
			.withBean(WebResourceRegistrar.class, () -> web)
			.run((context) -> assertThat(context).hasFailed());
		assertThat(web.paths).containsExactly("/_synapse/client/web");
	}

	private static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static ModuleApi api(org.springframework.context.ApplicationContext context) {
		return context.getBean(ApiKeeper.class).api;
	}

	/** Keeps its API for the test. */
	public static class ApiKeeper {

		final ModuleApi api;

		public ApiKeeper(Map<String, Object> config, ModuleApi api) {
			this.api = api;
		}

	}

	/** Registers a web resource. */
	public static class WebModule {

		public WebModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource("/_synapse/client/web", new Object());
		}

	}

	/** Registers a web resource, then fails. */
	public static class FailingWebModule {

		public FailingWebModule(Map<String, Object> config, ModuleApi api) {
			api.registerWebResource("/_synapse/client/failing", new Object());
			throw new IllegalStateException("boom");
		}

	}

	/** A registrar that keeps the paths of modules that loaded. */
	static class RecordingWebRegistrar implements WebResourceRegistrar {

		final List<String> paths = new CopyOnWriteArrayList<>();

		@Override
		public void registerWebResource(ModuleRegistration module, String path, Object resource) {
			this.paths.add(path);
			module.onFailure(() -> this.paths.remove(path));
		}

	}

}

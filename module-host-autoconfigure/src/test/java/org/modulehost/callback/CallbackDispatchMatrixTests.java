package org.modulehost.callback;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.modulehost.api.callback.CallbackFailedException;
import org.modulehost.api.callback.Combine;
import org.modulehost.api.callback.OnError;
import org.modulehost.callback.categories.All;
import org.modulehost.callback.categories.Collect;
import org.modulehost.callback.categories.Exclusive;
import org.modulehost.callback.categories.FirstDecisive;
import org.modulehost.host.ModuleRegistrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every combination rule × error policy × kind of answer. Three modules are registered in this
 * order: A answers neutral, B answers by the kind under test, C answers decisive ("c"); for
 * {@code EXCLUSIVE} only B. Each case asserts which modules were called, in which order, what
 * the dispatch answered or failed with, and the outcome each call was timed with.
 */
class CallbackDispatchMatrixTests {

	/** The timeout of the cases where B never answers; the others wait long, so load cannot fail them. */
	private static final Duration TIMEOUT = Duration.ofMillis(100);

	static Stream<Case> cases() {
		List<Case> cases = new ArrayList<>();
		for (Combine combine : List.of(Combine.FIRST_DECISIVE, Combine.ALL, Combine.COLLECT, Combine.EXCLUSIVE)) {
			for (OnError onError : List.of(OnError.PROPAGATE, OnError.SKIP)) {
				for (Kind kind : Kind.values()) {
					cases.add(new Case(combine, onError, kind));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void dispatchCallsModulesInOrderAndCombinesTheirAnswersByTheRules(Case scenario) throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Duration timeout = (scenario.kind() == Kind.TIMEOUT) ? TIMEOUT : Duration.ofSeconds(30);
		DefaultCallbackRegistry registry = new DefaultCallbackRegistry((category) -> timeout, () -> meters);
		try {
			Run run = new Run(scenario);
			if (scenario.combine() != Combine.EXCLUSIVE) {
				run.register(registry, "A", 0, this::neutral);
			}
			run.register(registry, "B", 1, run::answerOfB);
			if (scenario.combine() != Combine.EXCLUSIVE) {
				run.register(registry, "C", 2, (method) -> answer(method, decisive(scenario.combine(), "c")));
			}
			Answer answer = run.dispatch(registry.dispatcher(scenario.category()));
			assertThat(run.calls).containsExactlyElementsOf(expectedCalls(scenario));
			if (expectsFailure(scenario)) {
				assertFailure(scenario, run, answer.failure());
			}
			else {
				assertThat(answer.failure()).isNull();
				assertThat(answer.value()).isEqualTo(expectedAnswer(scenario));
			}
			for (String module : expectedCalls(scenario)) {
				String outcome = expectedOutcome(scenario, module);
				Timer timer = meters.find(CallbackTimers.METER_NAME)
					.tags("module", module, "category", scenario.categoryName(), "callback", scenario.callback(),
							"outcome", outcome)
					.timer();
				assertThat(timer).as("timer of %s with outcome %s", module, outcome).isNotNull();
				assertThat(timer.count()).isOne();
			}
		}
		finally {
			registry.destroy();
		}
	}

	private static List<String> expectedCalls(Case scenario) {
		if (scenario.combine() == Combine.EXCLUSIVE) {
			return List.of("B");
		}
		boolean stopsAtB = scenario.kind().fails ? scenario.onError() == OnError.PROPAGATE
				: scenario.combine() == Combine.FIRST_DECISIVE;
		return stopsAtB ? List.of("A", "B") : List.of("A", "B", "C");
	}

	private static boolean expectsFailure(Case scenario) {
		return scenario.kind().fails && scenario.onError() == OnError.PROPAGATE;
	}

	@Nullable
	private static Object expectedAnswer(Case scenario) {
		Combine combine = scenario.combine();
		if (scenario.kind().fails) {
			return switch (combine) {
				case FIRST_DECISIVE -> "c";
				case COLLECT -> List.of("c");
				default -> neutralValue(combine);
			};
		}
		Object answerOfB = (scenario.kind() == Kind.NULL) ? null : decisive(combine, "b");
		return switch (combine) {
			case ALL -> neutralValue(combine);
			case COLLECT -> (answerOfB != null) ? List.of("b", "c") : List.of("c");
			default -> answerOfB;
		};
	}

	private static String expectedOutcome(Case scenario, String module) {
		return switch (module) {
			case "A" -> "neutral";
			case "C" -> "decisive";
			default -> !scenario.kind().fails ? "decisive" : (scenario.kind() == Kind.TIMEOUT) ? "timeout" : "error";
		};
	}

	private static void assertFailure(Case scenario, Run run, @Nullable Throwable failure) {
		switch (scenario.kind()) {
			case TIMEOUT -> {
				assertThat(failure).isInstanceOf(CallbackFailedException.class)
					.hasMessage("Module 'B' failed in callback " + scenario.categoryName() + "." + scenario.callback()
							+ ": did not complete within PT0.1S");
				CallbackFailedException failed = (CallbackFailedException) failure;
				assertThat(failed.isTimeout()).isTrue();
				assertThat(failed.moduleName()).isEqualTo("B");
				assertThat(failed.categoryName()).isEqualTo(scenario.categoryName());
				assertThat(failed.callbackName()).isEqualTo(scenario.callback());
			}
			case NULL_STAGE -> {
				assertThat(failure).isInstanceOf(CallbackFailedException.class)
					.hasMessage("Module 'B' failed in callback " + scenario.categoryName() + "." + scenario.callback()
							+ ": returned null instead of a CompletionStage");
				assertThat(((CallbackFailedException) failure).isTimeout()).isFalse();
			}
			default -> assertThat(failure).isSameAs(run.failureOfB);
		}
	}

	private Object neutral(Method method) {
		return answer(method, neutralValue(combineOf(method)));
	}

	private static Object neutralValue(Combine combine) {
		return (combine == Combine.COLLECT) ? List.of() : "neutral";
	}

	private static Object decisive(Combine combine, String module) {
		return (combine == Combine.COLLECT) ? List.of(module) : module;
	}

	private static Combine combineOf(Method method) {
		return method.getDeclaringClass() == Collect.class ? Combine.COLLECT : Combine.FIRST_DECISIVE;
	}

	private static Object answer(Method method, Object value) {
		return CompletionStage.class.isAssignableFrom(method.getReturnType()) ? CompletableFuture.completedFuture(value)
				: value;
	}

	/**
	 * What module B does.
	 */
	enum Kind {

		VALUE(false, false), NULL(false, false), EXCEPTION(false, true), COMPLETED_STAGE(true, false),
		LATE_STAGE(true, false), FAILED_STAGE(true, true), EXCEPTION_INSTEAD_OF_STAGE(true, true),
		NULL_STAGE(true, true), TIMEOUT(true, true);

		final boolean async;

		final boolean fails;

		Kind(boolean async, boolean fails) {
			this.async = async;
			this.fails = fails;
		}

	}

	record Case(Combine combine, OnError onError, Kind kind) {

		Class<?> category() {
			return switch (this.combine) {
				case FIRST_DECISIVE -> FirstDecisive.class;
				case ALL -> All.class;
				case COLLECT -> Collect.class;
				default -> Exclusive.class;
			};
		}

		String categoryName() {
			return this.combine.name().toLowerCase();
		}

		String callback() {
			return ((this.onError == OnError.PROPAGATE) ? "propagate" : "skip") + (this.kind.async ? "Async" : "");
		}

		@Override
		public String toString() {
			return this.combine + " x " + this.onError + " x " + this.kind;
		}

	}

	record Answer(@Nullable Object value, @Nullable Throwable failure) {

	}

	/**
	 * One case: the modules' calls and what B answered.
	 */
	static final class Run {

		final Case scenario;

		final List<String> calls = Collections.synchronizedList(new ArrayList<>());

		final RuntimeException failureOfB = new IllegalStateException("B failed");

		final CompletableFuture<Object> lateAnswerOfB = new CompletableFuture<>();

		Run(Case scenario) {
			this.scenario = scenario;
		}

		@SuppressWarnings("unchecked")
		void register(DefaultCallbackRegistry registry, String name, int index,
				java.util.function.Function<Method, Object> answers) {
			Class<Object> category = (Class<Object>) this.scenario.category();
			Object module = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { category },
					(proxy, method, arguments) -> switch (method.getName()) {
						case "toString" -> name;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						default -> {
							this.calls.add(name);
							yield answers.apply(method);
						}
					});
			registry.registerCallbacks(ModuleRegistrations.open(name, index), category, module);
		}

		@Nullable
		Object answerOfB(Method method) throws RuntimeException {
			Object value = decisive(this.scenario.combine(), "b");
			return switch (this.scenario.kind()) {
				case VALUE -> value;
				case NULL, NULL_STAGE -> null;
				case EXCEPTION, EXCEPTION_INSTEAD_OF_STAGE -> throw this.failureOfB;
				case COMPLETED_STAGE -> CompletableFuture.completedFuture(value);
				case LATE_STAGE -> this.lateAnswerOfB;
				case FAILED_STAGE -> CompletableFuture.failedFuture(this.failureOfB);
				case TIMEOUT -> new CompletableFuture<>();
			};
		}

		Answer dispatch(Object dispatcher) throws Exception {
			Method callback = this.scenario.category().getMethod(this.scenario.callback(), String.class);
			Object result;
			try {
				result = callback.invoke(dispatcher, "argument");
			}
			catch (InvocationTargetException ex) {
				return new Answer(null, ex.getTargetException());
			}
			if (!this.scenario.kind().async) {
				return new Answer(result, null);
			}
			CompletableFuture<Object> stage = ((CompletionStage<Object>) result).toCompletableFuture();
			if (this.scenario.kind() == Kind.LATE_STAGE) {
				assertThat(stage).as("the dispatch waits for B's stage").isNotDone();
				assertThat(this.calls).as("C is not called before B's stage completes").doesNotContain("C");
				CompletableFuture.runAsync(() -> this.lateAnswerOfB.complete(decisive(this.scenario.combine(), "b")));
			}
			CompletableFuture<Answer> answer = new CompletableFuture<>();
			stage.whenComplete((value, failure) -> answer.complete(new Answer(value, failure)));
			return answer.get(5, TimeUnit.SECONDS);
		}

	}

}

package org.modulehost.callback;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.modulehost.api.callback.CallbackCategory;
import org.modulehost.api.callback.CallbackFailedException;
import org.modulehost.callback.categories.Checks;
import org.modulehost.callback.categories.Echo;
import org.modulehost.callback.categories.Merging;
import org.modulehost.callback.categories.Notifications;
import org.modulehost.callback.categories.Primitives;
import org.modulehost.host.ModuleRegistrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How dispatchers behave for the shapes of callbacks a category may declare.
 */
class CallbackDispatcherTests {

	private final DefaultCallbackRegistry registry = new DefaultCallbackRegistry((category) -> Duration.ofSeconds(5),
			() -> null);

	@AfterEach
	void closeRegistry() {
		this.registry.destroy();
	}

	@Test
	void withNoModuleADispatcherAnswersTheDefaultBodysAnswerForTheSameArguments() throws Exception {
		Echo echo = this.registry.dispatcher(Echo.class);
		assertThat(echo.echo("hello")).isEqualTo("hello");
		assertThat(echo.echoLater("later").toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("later");
		Primitives primitives = this.registry.dispatcher(Primitives.class);
		assertThat(primitives.sum(1, 2L, 3.9, true, 'x')).isEqualTo(-6L);
		assertThat(primitives.allowed("@alice")).isTrue();
	}

	@Test
	void anAnswerEqualToTheNeutralAnswerForTheArgumentsIsNotDecisive() {
		List<String> calls = new ArrayList<>();
		register("parrot", 0, Echo.class, new Echo() {
			@Override
			public String echo(String value) {
				calls.add("parrot");
				return new String(value);
			}
		});
		register("shouter", 1, Echo.class, new Echo() {
			@Override
			public String echo(String value) {
				calls.add("shouter");
				return value.toUpperCase();
			}
		});
		assertThat(this.registry.dispatcher(Echo.class).echo("hi")).isEqualTo("HI");
		assertThat(calls).containsExactly("parrot", "shouter");
	}

	@Test
	void primitiveAndTwoSlotArgumentsAndResultsReachModulesIntact() {
		List<Object> seen = new ArrayList<>();
		register("maths", 0, Primitives.class, new Primitives() {
			@Override
			public long sum(int a, long b, double c, boolean negate, char unit) {
				seen.addAll(List.of(a, b, c, negate, unit));
				return 42L;
			}

			@Override
			public double ratio(double value, float divisor) {
				return value / divisor;
			}

			@Override
			public boolean allowed(String user) {
				return !user.startsWith("@spam");
			}
		});
		Primitives primitives = this.registry.dispatcher(Primitives.class);
		assertThat(primitives.sum(7, 1L << 40, 2.5, false, 'k')).isEqualTo(42L);
		assertThat(seen).containsExactly(7, 1L << 40, 2.5, false, 'k');
		assertThat(primitives.sum(1, 2L, 3.0, false, 'k')).isEqualTo(42L);
		assertThat(primitives.ratio(1.0, 4.0f)).as("neutral: the default body's answer").isEqualTo(0.25);
		assertThat(primitives.allowed("@spammer")).isFalse();
		assertThat(primitives.allowed("@alice")).isTrue();
	}

	@Test
	void callbacksWithoutResultCallEveryModuleAndSkipFailuresByDefault() {
		List<String> calls = new ArrayList<>();
		register("failing", 0, Notifications.class, new Notifications() {
			@Override
			public void onEvent(String event) {
				calls.add("failing " + event);
				throw new IllegalStateException("boom");
			}
		});
		register("listening", 1, Notifications.class, new Notifications() {
			@Override
			public void onEvent(String event) {
				calls.add("listening " + event);
			}
		});
		this.registry.dispatcher(Notifications.class).onEvent("m.room.message");
		assertThat(calls).containsExactly("failing m.room.message", "listening m.room.message");
	}

	@Test
	void decisiveCallbacksPropagateFailuresByDefault() {
		IllegalStateException failure = new IllegalStateException("rule store unavailable");
		register("broken", 0, Checks.class, new Checks() {
			@Override
			public String checkUser(String user) {
				throw failure;
			}
		});
		assertThatIllegalStateException().isThrownBy(() -> this.registry.dispatcher(Checks.class).checkUser("@eve"))
			.isSameAs(failure);
	}

	@Test
	void aDeclaredCheckedExceptionPropagatesAsItIsAndAnUndeclaredOneIsWrapped() throws Exception {
		IOException declared = new IOException("rules file missing");
		Exception undeclared = new Exception("sneaky");
		register("files", 0, Checks.class, new Checks() {
			@Override
			public String readRule(String name) throws IOException {
				throw declared;
			}

			@Override
			public String checkRoom(String room) {
				throw CallbackSlot.<RuntimeException>sneaky(undeclared);
			}
		});
		Checks checks = this.registry.dispatcher(Checks.class);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> checks.readRule("rule")).isSameAs(declared);
		assertThatExceptionOfType(CallbackFailedException.class).isThrownBy(() -> checks.checkRoom("!room"))
			.withMessage("Module 'files' failed in callback checks.checkRoom: threw java.lang.Exception: sneaky")
			.withCause(undeclared);
	}

	@Test
	void collectMergesMapsWithLaterModulesKeysWinning() {
		register("first", 0, Merging.class, new Merging() {
			@Override
			public Map<String, Object> fields(String event) {
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("a", 1);
				fields.put("shared", "first");
				return fields;
			}

			@Override
			public CompletionStage<Map<String, Object>> fieldsLater(String event) {
				return CompletableFuture.completedFuture(Map.of("shared", "first"));
			}
		});
		register("second", 1, Merging.class, new Merging() {
			@Override
			public Map<String, Object> fields(String event) {
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("shared", "second");
				fields.put("b", 2);
				return fields;
			}

			@Override
			public CompletionStage<Map<String, Object>> fieldsLater(String event) {
				return CompletableFuture.supplyAsync(() -> Map.of("shared", "second"));
			}
		});
		Merging merging = this.registry.dispatcher(Merging.class);
		assertThat(merging.fields("$event")).containsExactly(Map.entry("a", 1), Map.entry("shared", "second"),
				Map.entry("b", 2));
		assertThat(merging.fieldsLater("$event").toCompletableFuture().join()).containsExactly(
				Map.entry("shared", "second"));
	}

	@Test
	void collectConcatenatesCollectionsAndUnitesSetsInModuleOrder() {
		register("first", 0, Merging.class, new Merging() {
			@Override
			public Set<String> tags(String event) {
				return Set.of("spam");
			}

			@Override
			public Collection<String> names(String event) {
				return List.of("x", "y");
			}
		});
		register("second", 1, Merging.class, new Merging() {
			@Override
			public Set<String> tags(String event) {
				return Set.of("spam");
			}

			@Override
			public Collection<String> names(String event) {
				return List.of("y");
			}
		});
		Merging merging = this.registry.dispatcher(Merging.class);
		assertThat(merging.tags("$event")).containsExactly("spam");
		assertThat(merging.names("$event")).containsExactly("x", "y", "y");
	}

	@Test
	void collectAnswersANewCollectionEvenForOneModule() {
		List<String> own = List.of("only");
		register("only", 0, Merging.class, new Merging() {
			@Override
			public Collection<String> names(String event) {
				return own;
			}
		});
		Collection<String> names = this.registry.dispatcher(Merging.class).names("$event");
		assertThat(names).containsExactly("only").isNotSameAs(own);
		names.add("mine");
		assertThat(own).containsExactly("only");
	}

	@Test
	void asynchronousCallbacksRunOneAfterTheOtherNeverConcurrently() throws Exception {
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<String> first = new CompletableFuture<>();
		register("first", 0, Echo.class, new Echo() {
			@Override
			public CompletionStage<String> echoLater(String value) {
				events.add("first called");
				return first;
			}
		});
		register("second", 1, Echo.class, new Echo() {
			@Override
			public CompletionStage<String> echoLater(String value) {
				events.add("second called on " + Thread.currentThread().getName());
				return CompletableFuture.completedFuture("second's answer");
			}
		});
		CompletableFuture<String> answer = this.registry.dispatcher(Echo.class).echoLater("x").toCompletableFuture();
		assertThat(events).containsExactly("first called");
		assertThat(answer).isNotDone();
		Thread completer = new Thread(() -> {
			events.add("first completes");
			first.complete("x");
		}, "completer");
		completer.start();
		assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("second's answer");
		assertThat(events).containsExactly("first called", "first completes", "second called on completer");
	}

	@Test
	void aDispatcherIsGeneratedOncePerCategoryAndRegistry() {
		Echo echo = this.registry.dispatcher(Echo.class);
		assertThat(this.registry.dispatcher(Echo.class)).isSameAs(echo);
		assertThat(echo).hasToString("CallbackDispatcher[echo]");
		assertThat(echo.getClass().getPackage()).isEqualTo(Echo.class.getPackage());
		DefaultCallbackRegistry other = new DefaultCallbackRegistry((category) -> Duration.ofSeconds(1), () -> null);
		Echo otherEcho = other.dispatcher(Echo.class);
		assertThat(otherEcho).isNotSameAs(echo);
		assertThat(otherEcho.getClass()).isSameAs(echo.getClass());
		other.destroy();
	}

	@Test
	void aDispatcherForAnInterfaceThatIsNotACategoryIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.dispatcher(Runnable.class))
			.withMessageStartingWith("java.lang.Runnable is not a callback category");
	}

	@Test
	void aCategoryNeedNotBePublic() {
		assertThat(Modifier.isPublic(Hidden.class.getModifiers())).isFalse();
		register("hider", 0, Hidden.class, new Hidden() {
			@Override
			public int count(int value) {
				return value + 1;
			}
		});
		assertThat(this.registry.dispatcher(Hidden.class).count(1)).isEqualTo(2);
	}

	private <C> void register(String module, int index, Class<C> category, C callbacks) {
		this.registry.registerCallbacks(ModuleRegistrations.open(module, index), category, callbacks);
	}

	@CallbackCategory("hidden")
	interface Hidden {

		default int count(int value) {
			return 0;
		}

	}

}

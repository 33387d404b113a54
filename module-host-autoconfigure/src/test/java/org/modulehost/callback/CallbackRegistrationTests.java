package org.modulehost.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.callback.categories.Checks;
import org.modulehost.callback.categories.Echo;
import org.modulehost.callback.categories.Invalid;
import org.modulehost.callback.categories.Primitives;
import org.modulehost.host.ModuleRegistration;
import org.modulehost.host.ModuleRegistrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@code registerCallbacks} accepts, refuses and undoes.
 */
class CallbackRegistrationTests {

	private final DefaultCallbackRegistry registry = new DefaultCallbackRegistry((category) -> Duration.ofSeconds(1),
			() -> null);

	@AfterEach
	void closeRegistry() {
		this.registry.destroy();
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void registeringForAClassThatIsNotAnInterfaceIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), (Class) String.class, "callbacks"))
			.withMessage("Module 'spam' cannot register callbacks: java.lang.String is not a callback category: a"
					+ " category is an interface annotated @CallbackCategory(\"name\") whose default methods are the"
					+ " callbacks");
	}

	@Test
	void registeringForAnInterfaceWithoutTheAnnotationIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), Invalid.NotAnnotated.class,
					new Invalid.NotAnnotated() {
						@Override
						public String check(String value) {
							return "deny";
						}
					}))
			.withMessageStartingWith("Module 'spam' cannot register callbacks: "
					+ Invalid.NotAnnotated.class.getName() + " is not a callback category");
	}

	@Test
	void aCategoryWithACallbackWithoutDefaultBodyIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), Invalid.AbstractCallback.class,
					(value) -> "deny"))
			.withMessage("Module 'spam' cannot register callbacks: Callback abstract_callback.check ("
					+ Invalid.AbstractCallback.class.getName() + ") is abstract; every method of a callback category"
					+ " needs a default body that returns the neutral answer (\"no opinion\")");
	}

	@Test
	void aCategoryThatCollectsAResultThatCannotBeMergedIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.dispatcher(Invalid.CollectString.class))
			.withMessage("Callback collect_string.check (" + Invalid.CollectString.class.getName()
					+ ") is COLLECT but returns java.lang.String; COLLECT merges a Map, List, Set or Collection result");
	}

	@Test
	void aCategoryWantingADecisiveAnswerFromACallbackWithoutResultIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.dispatcher(Invalid.DecisiveVoid.class))
			.withMessage("Callback decisive_void.check (" + Invalid.DecisiveVoid.class.getName()
					+ ") is FIRST_DECISIVE but has no result; return a value or use combine = ALL (or EXCLUSIVE)");
	}

	@Test
	void aCategoryWithABlankNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.dispatcher(Invalid.BlankName.class))
			.withMessageContaining("has a blank name; give it one in @CallbackCategory(\"name\")");
	}

	@Test
	void anObjectThatOverridesNoCallbackIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), Checks.class, new Checks() {
			}))
			.withMessageStartingWith("Module 'spam' registered a ")
			.withMessageEndingWith(" as callbacks of checks (" + Checks.class.getName() + "), but it overrides none of"
					+ " its callbacks (checkRoom, checkServer, checkUser, readRule); override the default methods the"
					+ " module implements");
		assertThat(this.registry.categories()).isEmpty();
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void anObjectThatDoesNotImplementTheCategoryIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), (Class) Checks.class, "checks"))
			.withMessage("Module 'spam' registered a java.lang.String as callbacks of checks (" + Checks.class.getName()
					+ "); pass an object implementing Checks");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module("spam", 0), Checks.class, null))
			.withMessageStartingWith("Module 'spam' registered null as callbacks of checks");
	}

	@Test
	void aSecondModuleOnAnExclusiveCallbackIsRefusedNamingBothModules() {
		this.registry.registerCallbacks(module("first", 0), Primitives.class, new Limit(1));
		ModuleRegistration second = module("second", 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(second, Primitives.class, new Limit(2)))
			.withMessage("Callback primitives.limit (" + Primitives.class.getName() + ") is EXCLUSIVE and module"
					+ " 'first' already registered it, so module 'second' cannot; keep only one of the two in"
					+ " 'modules:' (or set 'enabled: false' on the other)");
		assertThat(ModuleRegistrations.refusal(second)).as("refused even if the module catches the exception")
			.hasMessageContaining("module 'first' already registered it, so module 'second' cannot");
		assertThat(this.registry.registrations(Primitives.class)).extracting(CallbackRegistration::moduleName)
			.containsExactly("first");
		assertThat(this.registry.dispatcher(Primitives.class).limit(7L)).isEqualTo(1);
	}

	@Test
	void oneModuleRegisteringAnExclusiveCallbackTwiceIsRefused() {
		ModuleRegistration module = module("limits", 0);
		this.registry.registerCallbacks(module, Primitives.class, new Limit(1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.registerCallbacks(module, Primitives.class, new Limit(2)))
			.withMessage("Module 'limits' registered the EXCLUSIVE callback primitives.limit ("
					+ Primitives.class.getName() + ") twice; register it from one object only");
	}

	@Test
	void onlyTheCallbacksTheObjectOverridesAreRegistered() {
		List<String> calls = new ArrayList<>();
		this.registry.registerCallbacks(module("users", 0), Checks.class, new Checks() {
			@Override
			public String checkUser(String user) {
				calls.add("checkUser " + user);
				return "deny";
			}
		});
		assertThat(this.registry.registrations(Checks.class)).extracting((r) -> r.callback().getName())
			.containsExactly("checkUser");
		Checks checks = this.registry.dispatcher(Checks.class);
		assertThat(checks.checkRoom("!room")).isEqualTo("allow");
		assertThat(checks.checkUser("@alice")).isEqualTo("deny");
		assertThat(calls).containsExactly("checkUser @alice");
	}

	@Test
	void overridesInSuperclassesAndInheritedCallbacksAreRegistered() {
		this.registry.registerCallbacks(module("servers", 0), Checks.class, new ServerCheckSubclass());
		assertThat(this.registry.registrations(Checks.class)).extracting((r) -> r.callback().getName())
			.containsExactly("checkServer");
		assertThat(this.registry.dispatcher(Checks.class).checkServer("evil.example")).isEqualTo("deny");
	}

	@Test
	void aModuleMayRegisterSeveralObjectsWhichRunInRegistrationOrder() {
		ModuleRegistration module = module("multi", 0);
		List<String> calls = new ArrayList<>();
		this.registry.registerCallbacks(module, Checks.class, new NamedUserCheck("one", "allow", calls));
		this.registry.registerCallbacks(module, Checks.class, new NamedUserCheck("two", "deny", calls));
		assertThat(this.registry.dispatcher(Checks.class).checkUser("@bob")).isEqualTo("deny");
		assertThat(calls).containsExactly("one", "two");
	}

	@Test
	void callbacksRunInModuleConfigurationOrderWhateverTheOrderOfRegistration() {
		List<String> calls = new ArrayList<>();
		this.registry.registerCallbacks(module("third", 2), Checks.class, new NamedUserCheck("third", "allow", calls));
		this.registry.registerCallbacks(module("first", 0), Checks.class, new NamedUserCheck("first", "allow", calls));
		this.registry.registerCallbacks(module("second", 1), Checks.class,
				new NamedUserCheck("second", "allow", calls));
		this.registry.dispatcher(Checks.class).checkUser("@carol");
		assertThat(calls).containsExactly("first", "second", "third");
		assertThat(this.registry.registrations(Checks.class)).extracting(CallbackRegistration::moduleName)
			.containsExactly("first", "second", "third");
	}

	@Test
	void registrationsListEachCallbackOfEachModuleInEvaluationOrder() {
		Checks both = new Checks() {
			@Override
			public String checkUser(String user) {
				return "deny";
			}

			@Override
			public String checkRoom(String room) {
				return "deny";
			}
		};
		this.registry.registerCallbacks(module("late", 1), Checks.class, new NamedUserCheck("late", "deny", null));
		this.registry.registerCallbacks(module("early", 0), Checks.class, both);
		assertThat(this.registry.registrations(Checks.class))
			.extracting((r) -> r.moduleName() + "." + r.callback().getName())
			.containsExactly("early.checkRoom", "early.checkUser", "late.checkUser");
		assertThat(this.registry.registrations(Checks.class).get(0).target()).isSameAs(both);
		assertThat(this.registry.registrations(Checks.class).get(0).category()).isEqualTo(Checks.class);
	}

	@Test
	void categoriesAreListedInTheOrderOfTheirFirstRegistration() {
		assertThat(this.registry.categories()).isEmpty();
		this.registry.dispatcher(Echo.class);
		assertThat(this.registry.categories()).as("a dispatcher alone registers nothing").isEmpty();
		this.registry.registerCallbacks(module("a", 0), Primitives.class, new Limit(1));
		this.registry.registerCallbacks(module("b", 1), Checks.class, new NamedUserCheck("b", "allow", null));
		this.registry.registerCallbacks(module("c", 2), Primitives.class, new Primitives() {
			@Override
			public boolean allowed(String user) {
				return false;
			}
		});
		assertThat(this.registry.categories()).containsExactly(Primitives.class, Checks.class);
	}

	@Test
	void theRegistrationsOfAModuleThatFailsToLoadAreUndone() {
		ModuleRegistration kept = module("kept", 0);
		this.registry.registerCallbacks(kept, Checks.class, new NamedUserCheck("kept", "allow", null));
		ModuleRegistration failing = module("failing", 1);
		this.registry.registerCallbacks(failing, Checks.class, new NamedUserCheck("failing", "deny", null));
		this.registry.registerCallbacks(failing, Primitives.class, new Limit(3));
		assertThat(this.registry.dispatcher(Checks.class).checkUser("@dan")).isEqualTo("deny");
		ModuleRegistrations.fail(failing);
		assertThat(this.registry.dispatcher(Checks.class).checkUser("@dan")).isEqualTo("allow");
		assertThat(this.registry.dispatcher(Primitives.class).limit(1L)).isEqualTo(10);
		assertThat(this.registry.registrations(Checks.class)).extracting(CallbackRegistration::moduleName)
			.containsExactly("kept");
		assertThat(this.registry.categories()).containsExactly(Checks.class);
		this.registry.registerCallbacks(module("replacement", 2), Primitives.class, new Limit(4));
		assertThat(this.registry.dispatcher(Primitives.class).limit(1L)).as("the exclusive callback is free again")
			.isEqualTo(4);
	}

	private static ModuleRegistration module(String name, int index) {
		return ModuleRegistrations.open(name, index);
	}

	static final class Limit implements Primitives {

		private final int limit;

		Limit(int limit) {
			this.limit = limit;
		}

		@Override
		public int limit(long user) {
			return this.limit;
		}

	}

	static class ServerCheck implements Checks {

		@Override
		public String checkServer(String server) {
			return server.startsWith("evil") ? "deny" : "allow";
		}

	}

	static final class ServerCheckSubclass extends ServerCheck {

	}

	static final class NamedUserCheck implements Checks {

		private final String name;

		private final String answer;

		private final List<String> calls;

		NamedUserCheck(String name, String answer, List<String> calls) {
			this.name = name;
			this.answer = answer;
			this.calls = (calls != null) ? calls : new ArrayList<>();
		}

		@Override
		public String checkUser(String user) {
			this.calls.add(this.name);
			return this.answer;
		}

	}

}

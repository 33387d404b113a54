package org.modulehost.host;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.BackgroundCall;

/**
 * The host's handle on one module while and after it is built: its identity, its registration
 * window, and what must be undone if it fails. Feature registrars (web resources, callbacks,
 * cached functions) receive it with every registration a module makes.
 */
public final class ModuleRegistration {

	private final ModuleDefinition definition;

	private final String name;

	private final Class<?> moduleClass;

	private volatile boolean open;

	private final Deque<Runnable> undo = new ArrayDeque<>();

	private final List<BackgroundCall> backgroundCalls = new CopyOnWriteArrayList<>();

	@Nullable
	private volatile RuntimeException refusal;

	@Nullable
	private volatile Object instance;

	ModuleRegistration(ModuleDefinition definition, String name, Class<?> moduleClass) {
		this.definition = definition;
		this.name = name;
		this.moduleClass = moduleClass;
	}

	/**
	 * Returns the module's unique name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the module's position in the configuration, the order of its callbacks and web
	 * resources relative to other modules.
	 * @return the index of its {@code modules:} entry
	 */
	public int index() {
		return this.definition.index();
	}

	/**
	 * Returns the configured module class (not a subclass the host generated for it).
	 * @return the class
	 */
	public Class<?> moduleClass() {
		return this.moduleClass;
	}

	/**
	 * Returns the module's entry in the configuration.
	 * @return the definition
	 */
	public ModuleDefinition definition() {
		return this.definition;
	}

	/**
	 * Returns the module instance once its constructor returned.
	 * @return the instance, or {@code null} while it is being built
	 */
	@Nullable
	public Object instance() {
		return this.instance;
	}

	void instance(Object instance) {
		this.instance = instance;
	}

	/**
	 * Tells whether the module's constructor is running, the only time it may register things.
	 * @return whether registrations are accepted
	 */
	public boolean isOpen() {
		return this.open;
	}

	void open(boolean open) {
		this.open = open;
	}

	/**
	 * Refuses a registration made after the module's constructor returned.
	 * @param method the {@code ModuleApi} method the module called
	 * @throws IllegalStateException if the registration window is closed
	 */
	public void checkOpen(String method) {
		if (!this.open) {
			throw new IllegalStateException("Module '" + this.name + "' called " + method
					+ " after its constructor returned; modules register everything while their constructor runs");
		}
	}

	/**
	 * Records how to undo a registration, should the module fail to load.
	 * @param action the undo action; run at most once, in reverse order of recording
	 */
	public void onFailure(Runnable action) {
		synchronized (this.undo) {
			this.undo.push(action);
		}
	}

	/**
	 * Marks the module as refused even if it catches the exception its registration got: the
	 * host stops start-up with this exception once the constructor returns.
	 * @param refusal why a registration was refused
	 */
	public void refuse(RuntimeException refusal) {
		if (this.refusal == null) {
			this.refusal = refusal;
		}
	}

	@Nullable
	RuntimeException refusal() {
		return this.refusal;
	}

	void rollback() {
		synchronized (this.undo) {
			while (!this.undo.isEmpty()) {
				this.undo.pop().run();
			}
		}
		cancelBackgroundCalls();
	}

	void commit() {
		synchronized (this.undo) {
			this.undo.clear();
		}
	}

	void track(BackgroundCall call) {
		this.backgroundCalls.add(call);
	}

	void cancelBackgroundCalls() {
		this.backgroundCalls.forEach(BackgroundCall::cancel);
	}

}

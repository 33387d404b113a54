package org.modulehost.host;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A module entry after start-up: a built module, or a disabled entry.
 */
public final class LoadedModule {

	/**
	 * The life-cycle state of a module.
	 */
	public enum State {

		/** Built and serving. */
		ACTIVE,

		/** Configured with {@code enabled: false}; not built. */
		DISABLED,

		/** Closed at shut-down. */
		CLOSED

	}

	private final ModuleDefinition definition;

	private final String name;

	@Nullable
	private final ModuleRegistration registration;

	@Nullable
	private final Instant loadedAt;

	@Nullable
	private final Duration loadTime;

	private volatile State state;

	LoadedModule(ModuleDefinition definition, String name, @Nullable ModuleRegistration registration,
			@Nullable Instant loadedAt, @Nullable Duration loadTime) {
		this.definition = definition;
		this.name = name;
		this.registration = registration;
		this.loadedAt = loadedAt;
		this.loadTime = loadTime;
		this.state = (registration != null) ? State.ACTIVE : State.DISABLED;
	}

	/**
	 * Returns the module's unique name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the module's configuration entry.
	 * @return the definition
	 */
	public ModuleDefinition definition() {
		return this.definition;
	}

	/**
	 * Returns the module's state.
	 * @return the state
	 */
	public State state() {
		return this.state;
	}

	void state(State state) {
		this.state = state;
	}

	/**
	 * Returns the host's handle on the module.
	 * @return the registration, or {@code null} for a disabled entry
	 */
	@Nullable
	public ModuleRegistration registration() {
		return this.registration;
	}

	/**
	 * Returns the module instance.
	 * @return the instance, or {@code null} for a disabled entry
	 */
	@Nullable
	public Object instance() {
		return (this.registration != null) ? this.registration.instance() : null;
	}

	/**
	 * Returns the configured module class.
	 * @return the class, or {@code null} for a disabled entry
	 */
	@Nullable
	public Class<?> moduleClass() {
		return (this.registration != null) ? this.registration.moduleClass() : null;
	}

	/**
	 * Returns when the module's constructor returned.
	 * @return the time, or {@code null} for a disabled entry
	 */
	@Nullable
	public Instant loadedAt() {
		return this.loadedAt;
	}

	/**
	 * Returns how long resolving, configuring and building the module took.
	 * @return the duration, or {@code null} for a disabled entry
	 */
	@Nullable
	public Duration loadTime() {
		return this.loadTime;
	}

	/**
	 * Returns the module bundle the module's class was loaded from.
	 * @return the bundle's jar, directory or zip, or {@code null} when the class is on the
	 * application's class path (or the module is disabled)
	 */
	@Nullable
	public Path bundle() {
		Class<?> moduleClass = moduleClass();
		return (moduleClass != null && moduleClass.getClassLoader() instanceof BundleClassLoader loader)
				? loader.location() : null;
	}

	/**
	 * Names the class loader of the module's class.
	 * @return e.g. {@code bundle:hello} for a bundle, {@code app} for the application class
	 * loader, or {@code null} when the module is disabled
	 */
	@Nullable
	public String classLoader() {
		Class<?> moduleClass = moduleClass();
		if (moduleClass == null) {
			return null;
		}
		ClassLoader loader = moduleClass.getClassLoader();
		if (loader == null) {
			return "bootstrap";
		}
		return (loader.getName() != null) ? loader.getName() : loader.getClass().getName();
	}

}

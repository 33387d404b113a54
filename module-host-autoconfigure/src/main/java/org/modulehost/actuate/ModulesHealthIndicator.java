package org.modulehost.actuate;

import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleHost;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the module host: up while every enabled module is active.
 */
public class ModulesHealthIndicator extends AbstractHealthIndicator {

	private final ModuleHost host;

	/**
	 * Creates the indicator.
	 * @param host the module host
	 */
	public ModulesHealthIndicator(ModuleHost host) {
		super("Module health check failed");
		this.host = host;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		long active = count(LoadedModule.State.ACTIVE);
		long disabled = count(LoadedModule.State.DISABLED);
		long closed = count(LoadedModule.State.CLOSED);
		(closed == 0 ? builder.up() : builder.outOfService()).withDetail("active", active)
			.withDetail("disabled", disabled)
			.withDetail("closed", closed);
	}

	private long count(LoadedModule.State state) {
		return this.host.modules().stream().filter((module) -> module.state() == state).count();
	}

}

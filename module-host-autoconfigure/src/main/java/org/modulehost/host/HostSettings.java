package org.modulehost.host;

import java.time.Duration;

/**
 * The host's settings for the core of every module's API.
 *
 * @param instanceName this instance's name among several ({@code modulehost.instance.name})
 * @param backgroundTasksInstance the instance that runs background tasks
 * ({@code modulehost.instance.background-tasks})
 * @param threads the most threads {@code deferToThread} uses
 * @param queueCapacity how much work may wait for those threads before more is refused
 * @param connectTimeout the HTTP client's connect timeout
 * @param readTimeout the HTTP client's read timeout
 * @param userAgent the HTTP client's user agent, before {@code (module <name>)}
 */
public record HostSettings(String instanceName, String backgroundTasksInstance, int threads, int queueCapacity,
		Duration connectTimeout, Duration readTimeout, String userAgent) {

	/**
	 * The settings of a single instance with the defaults.
	 */
	public static final HostSettings DEFAULTS = new HostSettings("main", "main", 10, 1000, Duration.ofSeconds(5),
			Duration.ofSeconds(30), "ModuleHost");

	/**
	 * Tells whether this instance runs background tasks.
	 * @return whether the instance name is the background-tasks instance
	 */
	public boolean runsBackgroundTasks() {
		return this.instanceName.equals(this.backgroundTasksInstance);
	}

}

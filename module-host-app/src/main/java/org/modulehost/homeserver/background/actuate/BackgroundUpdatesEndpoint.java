package org.modulehost.homeserver.background.actuate;

import java.util.Map;

import org.modulehost.homeserver.background.BackgroundUpdater;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/backgroundupdates}: the background updates as the status admin API shows
 * them (enabled, the running update with its rate, every pending update with its progress,
 * failures and last error), for operators on the management port.
 */
@Endpoint(id = "backgroundupdates")
public class BackgroundUpdatesEndpoint {

	private final BackgroundUpdater updater;

	/**
	 * Creates the endpoint.
	 * @param updater the runner
	 */
	public BackgroundUpdatesEndpoint(BackgroundUpdater updater) {
		this.updater = updater;
	}

	/**
	 * Returns the status.
	 * @return the status, JSON-ready
	 */
	@ReadOperation
	public Map<String, Object> backgroundUpdates() {
		return this.updater.status();
	}

}

package org.modulehost.homeserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the background-update runner ({@code homeserver.background-updates.*}), Synapse's
 * {@code background_updates} section.
 */
@ConfigurationProperties("homeserver.background-updates")
public class BackgroundUpdateProperties {

	/** Whether this instance runs background updates (one instance at a time does). */
	private boolean enabled = true;

	/** How long a batch should take when no module paces the updates (Synapse's background_update_duration_ms). */
	private Duration targetDuration = Duration.ofMillis(100);

	/** Pause between batches when no module paces the updates; 0 for none (Synapse's sleep_duration_ms). */
	private Duration sleepDuration = Duration.ofSeconds(1);

	/** Size of an update's first batch when no module says (Synapse's default_batch_size). */
	private int defaultBatchSize = 100;

	/** Smallest batch when no module says (Synapse's min_batch_size). */
	private int minBatchSize = 1;

	/** How long a controller module's onUpdate, defaultBatchSize or minBatchSize may take before it is ignored. */
	private Duration controllerTimeout = Duration.ofSeconds(10);

	/** Wait before retrying a failed batch; it doubles with each further failure. */
	private Duration retryBackoff = Duration.ofSeconds(1);

	/** Longest wait before retrying a failed batch. */
	private Duration maxRetryBackoff = Duration.ofMinutes(5);

	/** How often an idle runner looks for new updates queued by another instance. */
	private Duration pollInterval = Duration.ofSeconds(10);

	/** How long the lease that lets one instance run the updates lasts without renewal. */
	private Duration leaseTtl = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTargetDuration() {
		return this.targetDuration;
	}

	public void setTargetDuration(Duration targetDuration) {
		this.targetDuration = targetDuration;
	}

	public Duration getSleepDuration() {
		return this.sleepDuration;
	}

	public void setSleepDuration(Duration sleepDuration) {
		this.sleepDuration = sleepDuration;
	}

	public int getDefaultBatchSize() {
		return this.defaultBatchSize;
	}

	public void setDefaultBatchSize(int defaultBatchSize) {
		this.defaultBatchSize = defaultBatchSize;
	}

	public int getMinBatchSize() {
		return this.minBatchSize;
	}

	public void setMinBatchSize(int minBatchSize) {
		this.minBatchSize = minBatchSize;
	}

	public Duration getControllerTimeout() {
		return this.controllerTimeout;
	}

	public void setControllerTimeout(Duration controllerTimeout) {
		this.controllerTimeout = controllerTimeout;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public Duration getMaxRetryBackoff() {
		return this.maxRetryBackoff;
	}

	public void setMaxRetryBackoff(Duration maxRetryBackoff) {
		this.maxRetryBackoff = maxRetryBackoff;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getLeaseTtl() {
		return this.leaseTtl;
	}

	public void setLeaseTtl(Duration leaseTtl) {
		this.leaseTtl = leaseTtl;
	}

}

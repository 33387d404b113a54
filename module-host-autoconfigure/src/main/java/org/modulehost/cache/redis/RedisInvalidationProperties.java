package org.modulehost.cache.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Redis transport for module cache invalidations. The Redis server itself is
 * configured with Spring Boot's {@code spring.data.redis.*} properties.
 */
@ConfigurationProperties("modulehost.caches.invalidation.redis")
public class RedisInvalidationProperties {

	/** Whether module cache invalidations travel between instances over Redis pub/sub. */
	private boolean enabled;

	/** Pub/sub channel shared by every instance of one deployment. */
	private String channel = "modulehost.invalidations";

	/** How often this instance tells the others its last sequence number, so they notice lost messages. */
	private Duration heartbeat = Duration.ofSeconds(5);

	/** How long sending one invalidation may wait for Redis before it counts as failed. */
	private Duration publishTimeout = Duration.ofSeconds(1);

	/** Most invalidations waiting to be sent; beyond that they are dropped, counted and the others resync. */
	private int publishQueueCapacity = 10000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getChannel() {
		return this.channel;
	}

	public void setChannel(String channel) {
		this.channel = channel;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public Duration getPublishTimeout() {
		return this.publishTimeout;
	}

	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

	public int getPublishQueueCapacity() {
		return this.publishQueueCapacity;
	}

	public void setPublishQueueCapacity(int publishQueueCapacity) {
		this.publishQueueCapacity = publishQueueCapacity;
	}

}

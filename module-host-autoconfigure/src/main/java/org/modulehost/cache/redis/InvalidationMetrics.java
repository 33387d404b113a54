package org.modulehost.cache.redis;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The bus's meters.
 * <ul>
 * <li>{@code modulehost.invalidations.published{outcome=sent|failed}}: invalidations this
 * instance sent, or failed to send (Redis unreachable, timeout, queue full)</li>
 * <li>{@code modulehost.invalidations.received}: other instances' invalidations applied here</li>
 * <li>{@code modulehost.invalidations.resyncs{reason=reconnect|gap}}: times every module cache
 * was cleared because messages may have been lost</li>
 * <li>{@code modulehost.invalidations.latency}: from {@code publish} on the sender to the
 * receiver, by the two machines' clocks</li>
 * </ul>
 */
final class InvalidationMetrics {

	private final Counter sent;

	private final Counter failed;

	private final Counter received;

	private final Counter reconnectResyncs;

	private final Counter gapResyncs;

	private final Timer latency;

	InvalidationMetrics(MeterRegistry registry) {
		this.sent = published(registry, "sent");
		this.failed = published(registry, "failed");
		this.received = Counter.builder("modulehost.invalidations.received")
			.description("Other instances' module cache invalidations applied here")
			.register(registry);
		this.reconnectResyncs = resyncs(registry, "reconnect");
		this.gapResyncs = resyncs(registry, "gap");
		this.latency = Timer.builder("modulehost.invalidations.latency")
			.description("Time from an invalidation's publication on another instance to its arrival here")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
	}

	private static Counter published(MeterRegistry registry, String outcome) {
		return Counter.builder("modulehost.invalidations.published")
			.description("Module cache invalidations this instance sent to the others")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static Counter resyncs(MeterRegistry registry, String reason) {
		return Counter.builder("modulehost.invalidations.resyncs")
			.description("Times every module cache was cleared because invalidations may have been lost")
			.tag("reason", reason)
			.register(registry);
	}

	void sent() {
		this.sent.increment();
	}

	void failed() {
		this.failed.increment();
	}

	void received(long publishedMicros, long nowMicros) {
		this.received.increment();
		long micros = nowMicros - publishedMicros;
		if (micros >= 0) {
			this.latency.record(micros, TimeUnit.MICROSECONDS);
		}
	}

	void resync(boolean reconnect) {
		(reconnect ? this.reconnectResyncs : this.gapResyncs).increment();
	}

	long sentCount() {
		return (long) this.sent.count();
	}

	long failedCount() {
		return (long) this.failed.count();
	}

	long receivedCount() {
		return (long) this.received.count();
	}

	long resyncCount() {
		return (long) (this.reconnectResyncs.count() + this.gapResyncs.count());
	}

}

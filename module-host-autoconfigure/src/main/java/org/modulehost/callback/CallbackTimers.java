package org.modulehost.callback;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code modulehost.callback} timers of one registered callback, one per outcome, created on
 * first use.
 */
final class CallbackTimers {

	static final String METER_NAME = "modulehost.callback";

	private final MeterRegistry registry;

	private final Tags tags;

	private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Outcome.values().length);

	CallbackTimers(MeterRegistry registry, String module, String category, String callback) {
		this.registry = registry;
		this.tags = Tags.of("module", module, "category", category, "callback", callback);
	}

	void record(Outcome outcome, long start) {
		long took = System.nanoTime() - start;
		Timer timer = this.timers.get(outcome.ordinal());
		if (timer == null) {
			timer = Timer.builder(METER_NAME)
				.description("Time a module's callback took, by outcome")
				.tags(this.tags)
				.tag("outcome", outcome.tag)
				.register(this.registry);
			this.timers.set(outcome.ordinal(), timer);
		}
		timer.record(took, TimeUnit.NANOSECONDS);
	}

	/**
	 * How one call of a module's callback ended.
	 */
	enum Outcome {

		/** The answer differs from the neutral answer. */
		DECISIVE,

		/** The answer equals the neutral answer, or the callback has no result. */
		NEUTRAL,

		/** The callback threw, returned {@code null} for a stage, or its stage failed. */
		ERROR,

		/** The callback's stage did not complete in time. */
		TIMEOUT;

		final String tag = name().toLowerCase(Locale.ROOT);

	}

}

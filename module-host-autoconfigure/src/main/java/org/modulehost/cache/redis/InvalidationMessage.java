package org.modulehost.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.modulehost.cache.Invalidation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels on the channel, as JSON: an invalidation or a heartbeat.
 *
 * <pre>{"type":"invalidate","origin":"worker1/5f0c…","seq":42,"ts":1767225600123456,
 *  "cache":"my.module.Module.getUser","keys":"[\"@alice:example.com\"]"}</pre>
 *
 * @param type {@value #INVALIDATE} or {@value #HEARTBEAT}
 * @param origin the sending instance's id: its {@code modulehost.instance.name} and a random
 * per-process part, so two processes with the same name still tell their messages apart
 * @param seq the sender's sequence number: one more for each invalidation it sends; a heartbeat
 * repeats the last one so that receivers notice trailing losses
 * @param ts when the invalidation was published, in microseconds since the epoch
 * @param cache the cache's name (invalidations only)
 * @param keys the keys in the cache feature's typed encoding; {@code null} means every entry
 */
record InvalidationMessage(String type, String origin, long seq, long ts, @Nullable String cache,
		@Nullable String keys) {

	static final String INVALIDATE = "invalidate";

	static final String HEARTBEAT = "heartbeat";

	private static final JsonMapper json = JsonMapper.builder().build();

	static InvalidationMessage invalidate(String origin, long seq, long ts, Invalidation invalidation) {
		return new InvalidationMessage(INVALIDATE, origin, seq, ts, invalidation.cache(), invalidation.keys());
	}

	static InvalidationMessage heartbeat(String origin, long seq, long ts) {
		return new InvalidationMessage(HEARTBEAT, origin, seq, ts, null, null);
	}

	boolean isInvalidation() {
		return INVALIDATE.equals(this.type);
	}

	Invalidation invalidation() {
		if (this.cache == null) {
			throw new IllegalStateException("A " + this.type + " message names no cache");
		}
		return new Invalidation(this.cache, this.keys);
	}

	byte[] toJson() {
		return json.writeValueAsBytes(this);
	}

	/**
	 * Reads a message received from the channel.
	 * @param body the message's bytes
	 * @return the message
	 * @throws IllegalArgumentException if the bytes are not such a message
	 */
	static InvalidationMessage fromJson(byte[] body) {
		InvalidationMessage message;
		try {
			message = json.readValue(body, InvalidationMessage.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not an invalidation message: " + preview(body), ex);
		}
		boolean wellFormed = message.origin() != null && (HEARTBEAT.equals(message.type())
				|| (INVALIDATE.equals(message.type()) && message.cache() != null));
		if (!wellFormed) {
			throw new IllegalArgumentException("Not an invalidation message: " + preview(body));
		}
		return message;
	}

	static long nowMicros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

	private static String preview(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

}

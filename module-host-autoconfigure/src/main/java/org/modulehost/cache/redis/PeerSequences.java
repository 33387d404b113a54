package org.modulehost.cache.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last sequence number seen from each other instance, to notice lost messages. Redis
 * delivers one publisher's messages in order, so a number that skips ahead means messages were
 * lost on the way (or never left the sender).
 */
final class PeerSequences {

	private final Map<String, Peer> peers = new ConcurrentHashMap<>();

	private final Duration forgetAfter;

	PeerSequences(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

	/**
	 * Records an invalidation's sequence number.
	 * @param origin the sender
	 * @param seq its sequence number
	 * @param now the current {@link System#nanoTime()}
	 * @return how the number relates to the last one seen
	 */
	Outcome invalidation(String origin, long seq, long now) {
		return observe(origin, seq, now, false);
	}

	/**
	 * Records a heartbeat, which repeats the sender's last sequence number.
	 * @param origin the sender
	 * @param seq its last sequence number
	 * @param now the current {@link System#nanoTime()}
	 * @return {@link Outcome#GAP} if the sender sent invalidations this instance did not get
	 */
	Outcome heartbeat(String origin, long seq, long now) {
		return observe(origin, seq, now, true);
	}

	/**
	 * Forgets every sender, after a resync made what was missed irrelevant.
	 */
	void clear() {
		this.peers.clear();
	}

	/**
	 * Forgets senders not heard from for a long time (stopped processes).
	 * @param now the current {@link System#nanoTime()}
	 */
	void forgetSilent(long now) {
		long limit = this.forgetAfter.toNanos();
		this.peers.values().removeIf((peer) -> now - peer.lastHeard() > limit);
	}

	int size() {
		return this.peers.size();
	}

	private Outcome observe(String origin, long seq, long now, boolean heartbeat) {
		Outcome[] outcome = new Outcome[1];
		this.peers.compute(origin, (key, peer) -> {
			if (peer == null) {
				outcome[0] = Outcome.FIRST;
				return new Peer(seq, now);
			}
			long expected = heartbeat ? peer.seq() : peer.seq() + 1;
			if (seq == expected) {
				outcome[0] = Outcome.NEXT;
			}
			else if (seq > expected) {
				outcome[0] = Outcome.GAP;
			}
			else {
				outcome[0] = Outcome.OLD;
				return new Peer(peer.seq(), now);
			}
			return new Peer(seq, now);
		});
		return outcome[0];
	}

	/**
	 * How a sequence number relates to the last one seen from its sender.
	 */
	enum Outcome {

		/** The first message from this sender: nothing to compare with. */
		FIRST,

		/** The expected number. */
		NEXT,

		/** Messages were skipped: this instance missed some. */
		GAP,

		/** A number already seen (a duplicate). */
		OLD

	}

	private record Peer(long seq, long lastHeard) {

	}

}

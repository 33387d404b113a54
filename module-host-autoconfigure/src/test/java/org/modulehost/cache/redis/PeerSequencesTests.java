package org.modulehost.cache.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.modulehost.cache.redis.PeerSequences.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling lost messages from the expected ones, per sender.
 */
class PeerSequencesTests {

	private final PeerSequences sequences = new PeerSequences(Duration.ofSeconds(10));

	@Test
	void theFirstMessageOfASenderIsTheBaseline() {
		assertThat(this.sequences.invalidation("a/1", 57, 0)).isEqualTo(Outcome.FIRST);
		assertThat(this.sequences.invalidation("a/1", 58, 0)).isEqualTo(Outcome.NEXT);
		assertThat(this.sequences.heartbeat("b/2", 9, 0)).isEqualTo(Outcome.FIRST);
		assertThat(this.sequences.invalidation("b/2", 10, 0)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void eachSenderIsCountedOnItsOwn() {
		this.sequences.invalidation("a/1", 1, 0);
		this.sequences.invalidation("b/2", 100, 0);
		assertThat(this.sequences.invalidation("a/1", 2, 0)).isEqualTo(Outcome.NEXT);
		assertThat(this.sequences.invalidation("b/2", 101, 0)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void aNumberThatSkipsAheadIsAGapAndBecomesTheNewBaseline() {
		this.sequences.invalidation("a/1", 1, 0);
		assertThat(this.sequences.invalidation("a/1", 3, 0)).isEqualTo(Outcome.GAP);
		assertThat(this.sequences.invalidation("a/1", 4, 0)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void aHeartbeatRepeatingTheLastNumberIsFineAndOneAheadOfItIsAGap() {
		this.sequences.invalidation("a/1", 5, 0);
		assertThat(this.sequences.heartbeat("a/1", 5, 0)).isEqualTo(Outcome.NEXT);
		assertThat(this.sequences.heartbeat("a/1", 6, 0)).isEqualTo(Outcome.GAP);
		assertThat(this.sequences.invalidation("a/1", 7, 0)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void aDuplicateIsOldAndDoesNotMoveTheBaselineBack() {
		this.sequences.invalidation("a/1", 5, 0);
		assertThat(this.sequences.invalidation("a/1", 4, 0)).isEqualTo(Outcome.OLD);
		assertThat(this.sequences.invalidation("a/1", 6, 0)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void sendersSilentForLongAreForgotten() {
		long second = Duration.ofSeconds(1).toNanos();
		this.sequences.invalidation("gone/1", 1, 0);
		this.sequences.invalidation("alive/2", 1, 0);
		this.sequences.heartbeat("alive/2", 1, 9 * second);
		this.sequences.forgetSilent(11 * second);
		assertThat(this.sequences.size()).isOne();
		assertThat(this.sequences.invalidation("alive/2", 2, 11 * second)).isEqualTo(Outcome.NEXT);
	}

	@Test
	void clearingForgetsEverySender() {
		this.sequences.invalidation("a/1", 1, 0);
		this.sequences.clear();
		assertThat(this.sequences.invalidation("a/1", 9, 0)).isEqualTo(Outcome.FIRST);
	}

}

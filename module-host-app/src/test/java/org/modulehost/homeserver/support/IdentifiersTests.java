package org.modulehost.homeserver.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTests {

	@Test
	void userIdsFollowTheGrammar() {
		assertThat(Identifiers.isValidUserId("@alice:example.org")).isTrue();
		assertThat(Identifiers.isValidUserId("@alice:localhost:8008")).isTrue();
		assertThat(Identifiers.isValidUserId("@alice:[::1]:8448")).isTrue();
		assertThat(Identifiers.isValidUserId("alice:example.org")).isFalse();
		assertThat(Identifiers.isValidUserId("@alice")).isFalse();
		assertThat(Identifiers.isValidUserId("@:example.org")).isFalse();
		assertThat(Identifiers.isValidUserId("@ali ce:example.org")).isFalse();
		assertThat(Identifiers.isValidUserId("@alice:exa_mple.org")).isFalse();
		assertThat(Identifiers.isValidUserId("@" + "a".repeat(250) + ":example.org")).isFalse();
	}

	@Test
	void newLocalpartsAreLowerCaseAndSafe() {
		assertThat(Identifiers.isValidNewLocalpart("alice.b-c_d=e/f+g9")).isTrue();
		assertThat(Identifiers.isValidNewLocalpart("Alice")).isFalse();
		assertThat(Identifiers.isValidNewLocalpart("al:ice")).isFalse();
	}

	@Test
	void roomIdsAliasesAndEventIdsHaveTheirSigils() {
		assertThat(Identifiers.isValidRoomId("!abc:example.org")).isTrue();
		assertThat(Identifiers.isValidRoomId("#abc:example.org")).isFalse();
		assertThat(Identifiers.isValidAlias("#lobby:example.org")).isTrue();
		assertThat(Identifiers.isValidAlias("#lobby")).isFalse();
		assertThat(Identifiers.isValidEventId("$abc-_DEF")).isTrue();
		assertThat(Identifiers.isValidEventId("abc")).isFalse();
	}

	@Test
	void newIdentifiersAreValidAndDistinct() {
		String room = Identifiers.newRoomId("example.org");
		assertThat(Identifiers.isValidRoomId(room)).isTrue();
		assertThat(Identifiers.isValidEventId(Identifiers.newEventId())).isTrue();
		assertThat(Identifiers.newEventId()).isNotEqualTo(Identifiers.newEventId());
		assertThat(Identifiers.newDeviceId()).matches("[A-Z]{10}");
		assertThat(Identifiers.newSecret("mht_")).startsWith("mht_").hasSizeGreaterThan(40);
	}

}

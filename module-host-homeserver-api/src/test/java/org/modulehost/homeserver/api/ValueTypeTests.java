package org.modulehost.homeserver.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValueTypeTests {

	@Test
	void anEventWithAStateKeyIsAStateEvent() {
		assertThat(event("").isState()).isTrue();
		assertThat(event(null).isState()).isFalse();
	}

	@Test
	void anEventsContentIsADeepUnmodifiableCopy() {
		Map<String, Object> nested = new HashMap<>();
		nested.put("list", new ArrayList<>(List.of(1, 2)));
		Map<String, Object> content = new HashMap<>();
		content.put("nested", nested);
		content.put("absent", null);
		Event event = new Event("$e", "!r:hs", "@u:hs", "t", null, content, 1, Map.of());
		content.put("added", true);
		nested.put("added", true);
		assertThat(event.content()).containsOnlyKeys("nested", "absent");
		assertThat(event.content()).containsEntry("absent", null);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> event.content().put("x", 1));
		@SuppressWarnings("unchecked")
		Map<String, Object> copy = (Map<String, Object>) event.content().get("nested");
		assertThat(copy).doesNotContainKey("added");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<?>) copy.get("list")).clear());
	}

	@Test
	void notSpamIsTheOnlyAnswerWithoutAnErrcode() {
		assertThat(SpamCheck.NOT_SPAM.isNotSpam()).isTrue();
		assertThat(SpamCheck.NOT_SPAM).isEqualTo(new SpamCheck(null, Map.of()));
		SpamCheck denial = SpamCheck.deny(Codes.FORBIDDEN, Map.of("why", "because"));
		assertThat(denial.isNotSpam()).isFalse();
		assertThat(denial.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(denial.additionalFields()).containsEntry("why", "because");
		assertThat(SpamCheck.deny("X").additionalFields()).isEmpty();
	}

	@Test
	void allowIsTheNeutralEventCheck() {
		assertThat(EventCheck.ALLOW).isEqualTo(new EventCheck(true, null));
		assertThat(EventCheck.replaceContent(Map.of("body", "b")).replacement()).containsEntry("body", "b");
		assertThat(EventCheck.DENY.allowed()).isFalse();
	}

	@Test
	void aMatrixErrorsJsonKeepsItsOwnErrcodeAndMessage() {
		MatrixError error = new MatrixError(403, "ORG_X", "No", Map.of("errcode", "spoofed", "extra", 1));
		assertThat(error.httpStatus()).isEqualTo(403);
		assertThat(error.errcode()).isEqualTo("ORG_X");
		assertThat(error.toJson()).containsEntry("errcode", "ORG_X").containsEntry("error", "No").containsEntry("extra", 1);
	}

	@Test
	void aLoginTypesFieldsAreCopied() {
		List<String> fields = new ArrayList<>(List.of("token"));
		LoginType type = new LoginType("org.example.token", fields);
		fields.add("other");
		assertThat(type.fields()).containsExactly("token");
	}

	private static Event event(String stateKey) {
		return new Event("$e", "!r:hs", "@u:hs", "m.room.topic", stateKey, Map.of("topic", "t"), 1, Map.of());
	}

}

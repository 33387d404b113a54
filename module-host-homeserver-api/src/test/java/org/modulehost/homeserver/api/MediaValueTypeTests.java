package org.modulehost.homeserver.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MediaValueTypeTests {

	@Test
	void anUploadLimitNeedsAPositivePeriodAndNoNegativeSize() {
		assertThat(new MediaUploadLimit(0, Duration.ofDays(1)).maxBytes()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new MediaUploadLimit(-1, Duration.ofDays(1)))
			.withMessageContaining("maxBytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new MediaUploadLimit(10, Duration.ZERO))
			.withMessageContaining("timePeriod");
	}

	@Test
	void mediaContentOpensANewStreamEachTime() throws Exception {
		byte[] bytes = { 1, 2, 3 };
		MediaContent content = () -> new ByteArrayInputStream(bytes);
		try (InputStream first = content.open(); InputStream second = content.open()) {
			assertThat(first.readAllBytes()).containsExactly(1, 2, 3);
			assertThat(second.read()).isEqualTo(1);
		}
		MediaFileInfo info = new MediaFileInfo("abc", "hs", null, 3, null, false);
		assertThat(info.contentType()).isNull();
	}

}

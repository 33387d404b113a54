package org.modulehost.api;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConfigError}'s path and its suggestions for misspelt names.
 */
class ConfigErrorTests {

	private static final List<String> KNOWN = List.of("greeting", "refresh_every", "base_url", "base-uri");

	@Test
	void aConfigErrorKeepsItsPath() {
		assertThat(new ConfigError("bad", List.of("rules", "0")).path()).containsExactly("rules", "0");
		assertThat(new ConfigError("bad").path()).isEmpty();
	}

	@Test
	void aNameTwoEditsAwayIsSuggested() {
		assertThat(ConfigError.didYouMean("greting", KNOWN)).isEqualTo("; did you mean 'greeting'?");
	}

	@Test
	void caseDashesAndUnderscoresDoNotCount() {
		assertThat(ConfigError.didYouMean("Refresh-Every", KNOWN)).isEqualTo("; did you mean 'refresh_every'?");
	}

	@Test
	void severalCloseNamesAreAllSuggestedInTheGivenOrder() {
		assertThat(ConfigError.didYouMean("base_uri", KNOWN)).isEqualTo("; did you mean 'base_url' or 'base-uri'?");
	}

	@Test
	void nothingCloseSuggestsNothing() {
		assertThat(ConfigError.didYouMean("colour", KNOWN)).isEmpty();
	}

	@Test
	void editDistanceCountsInsertionsDeletionsAndReplacements() {
		assertThat(ConfigError.editDistance("greeting", "greeting")).isZero();
		assertThat(ConfigError.editDistance("greting", "greeting")).isEqualTo(1);
		assertThat(ConfigError.editDistance("HeloModule", "HelloModul")).isEqualTo(2);
		assertThat(ConfigError.editDistance("", "abc")).isEqualTo(3);
	}

}

package org.modulehost.samples.sharedsecretauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token is the one the Synapse module's clients compute:
 * {@code hmac.new(secret, user_id, hashlib.sha512).hexdigest()} in Python.
 */
class UserTokensTests {

	private static final String PYTHON_TOKEN = "f448f5ad1c2ab8bb2d6f55528ae2495ec44bb5863b2186ee0e729696d813b670"
			+ "667353707270f902ba18b584449bed64467ab351680c415e625789bd28b45761";

	private final UserTokens tokens = new UserTokens("hunter2-shared-secret");

	@Test
	void theTokenIsTheHexHmacSha512OfTheUserId() {
		assertThat(this.tokens.tokenFor("@alice:example.org")).isEqualTo(PYTHON_TOKEN);
	}

	@Test
	void onlyTheExactTokenMatches() {
		assertThat(this.tokens.matches("@alice:example.org", PYTHON_TOKEN)).isTrue();
		assertThat(this.tokens.matches("@alice:example.org", PYTHON_TOKEN.toUpperCase())).isFalse();
		assertThat(this.tokens.matches("@alice:example.org", PYTHON_TOKEN.substring(1))).isFalse();
		assertThat(this.tokens.matches("@bob:example.org", PYTHON_TOKEN)).isFalse();
		assertThat(new UserTokens("another secret").matches("@alice:example.org", PYTHON_TOKEN)).isFalse();
	}

}

package org.modulehost.web;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request paths that try to reach a reserved namespace or another module's resource through
 * encoding tricks ({@code hostile-request-paths.csv}), sent verbatim to a real server with
 * Tomcat's default settings. A request reaches a module only when its decoded, normalised path
 * lies below that module's mount; every other trick is refused, by Tomcat ({@code 400}) or by the
 * module mapping declining it ({@code 404} as JSON from the application), and never answered with
 * another module's body.
 */
class HostileRequestPathTests extends AbstractMountedModulesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvFileSource(resources = "hostile-request-paths.csv", delimiter = '|')
	void aHostileRequestPathReachesOnlyWhatItsNormalisedPathNames(String target, String expected) throws IOException {
		RawHttp.Response response = get(target);
		if (expected.matches("\\d{3}")) {
			assertThat(response.status()).isEqualTo(Integer.parseInt(expected));
			assertThat(response.body()).doesNotContain(MODULE_LABELS).doesNotContain("served");
			if (response.status() == 404) {
				assertThat(response.header("Content-Type")).startsWith("application/json");
			}
		}
		else {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(expected);
		}
	}

}

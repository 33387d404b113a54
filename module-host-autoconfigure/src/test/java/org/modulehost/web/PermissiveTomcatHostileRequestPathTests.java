package org.modulehost.web;

import java.io.IOException;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile request paths again, with a Tomcat that lets everything through that it can: it
 * decodes {@code %2F} and {@code %5C}, accepts backslashes and does not reject suspicious URIs.
 * What Tomcat no longer refuses, the module mapping must: the statuses may differ from the
 * default server's, but no request reaches a module or a host endpoint its normalised path does
 * not name.
 *
 * <p>(Imported rather than only nested: with explicit {@code classes} a nested
 * {@code @TestConfiguration} is not picked up.)
 */
@Import(PermissiveTomcatHostileRequestPathTests.PermissiveTomcat.class)
class PermissiveTomcatHostileRequestPathTests extends AbstractMountedModulesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvFileSource(resources = "hostile-request-paths.csv", delimiter = '|')
	void aHostileRequestPathReachesOnlyWhatItsNormalisedPathNames(String target, String expected) throws IOException {
		RawHttp.Response response = get(target);
		if (expected.matches("\\d{3}")) {
			assertThat(response.status()).isBetween(400, 499);
			assertThat(response.body()).doesNotContain(MODULE_LABELS).doesNotContain("served");
		}
		else {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(expected);
		}
	}

	@Test
	void encodedSeparatorsAndBackslashesThatTomcatLetsThroughAreDeclinedByTheModuleMapping() throws IOException {
		for (String target : new String[] { "/_synapse/client/alpha%2F..%2Fbeta", "/_synapse/client/alpha/deep%2Fx",
				"/_synapse/client\\beta", "/_synapse/client/alpha/%5c..%5cbeta", "/_synapse%2Fadmin/v1/secret" }) {
			RawHttp.Response response = get(target);
			assertThat(response.status()).as(target).isEqualTo(404);
			assertThat(response.header("Content-Type")).as(target).startsWith("application/json");
			assertThat(response.body()).as(target).doesNotContain(MODULE_LABELS).doesNotContain("served");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PermissiveTomcat {

		@Bean
		TomcatConnectorCustomizer permissiveConnector() {
			return (Connector connector) -> {
				connector.setEncodedSolidusHandling("decode");
				connector.setEncodedReverseSolidusHandling("decode");
				connector.setAllowBackslash(true);
				connector.setRejectSuspiciousURIs(false);
				connector.setProperty("relaxedPathChars", "\\");
			};
		}

	}

}

package org.modulehost.web;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile request paths of {@link HostileRequestPathTests} against the modules of
 * {@link WebFluxResourceRulesTests} on Netty, which refuses less than Tomcat: the statuses may
 * differ from Tomcat's, but no request reaches a module or a host endpoint its normalised path
 * does not name.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.main.web-application-type=reactive",
		"management.endpoints.web.exposure.include=modules,health",
		"modules[0].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[0].name=alpha",
		"modules[0].config.paths[0]=/_synapse/client/alpha", "modules[0].config.paths[1]=/shared",
		"modules[1].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[1].name=beta",
		"modules[1].config.paths[0]=/shared", "modules[1].config.paths[1]=/_synapse/client/beta",
		"modules[2].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[2].name=deep",
		"modules[2].config.paths[0]=/_synapse/client/alpha/deep",
		"modules[3].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[3].name=root",
		"modules[3].config.paths[0]=/",
		"modules[4].module=org.modulehost.web.WebFluxTestModules$PathsModule", "modules[4].name=matrix",
		"modules[4].config.paths[0]=/_matrix",
		"modules[5].module=org.modulehost.web.WebFluxTestModules$CatchingModule", "modules[5].name=catching",
		"modules[5].config.refused=/_synapse/admin/mine", "modules[5].config.path=/_synapse/client/catching" })
class WebFluxHostileRequestPathTests extends AbstractMountedModulesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvFileSource(resources = "hostile-request-paths.csv", delimiter = '|')
	void aHostileRequestPathReachesOnlyWhatItsNormalisedPathNames(String target, String expected) throws IOException {
		RawHttp.Response response = get(target);
		if (target.contains("#")) {
			// Netty, unlike Tomcat, takes a fragment off the target: the path is what precedes it
			RawHttp.Response withoutFragment = get(target.substring(0, target.indexOf('#')));
			assertThat(response.status()).isEqualTo(withoutFragment.status());
			assertThat(response.body()).isEqualTo(withoutFragment.body());
		}
		else if (expected.matches("\\d{3}")) {
			assertThat(response.status()).isBetween(400, 499);
			assertThat(response.body()).doesNotContain(MODULE_LABELS).doesNotContain("served");
		}
		else {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(expected);
		}
	}

}

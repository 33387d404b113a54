package org.modulehost.web;

import java.io.IOException;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.modulehost.web.TestModules.CatchingModule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path rules as a client sees them: which module a request reaches, and what the actuator
 * says about who holds a path.
 */
class WebResourceRulesTests extends AbstractMountedModulesTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theFirstModuleInConfigurationOrderKeepsAPath() throws IOException {
		assertThat(get("/shared").body()).isEqualTo("alpha:/shared within=");
		assertThat(get("/shared/below").body()).isEqualTo("alpha:/shared within=below");
	}

	@Test
	void aShadowedModuleKeepsItsOtherPaths() throws IOException {
		assertThat(get("/_synapse/client/beta/x").body()).isEqualTo("beta:/_synapse/client/beta within=x");
	}

	@Test
	void actuatorModulesShowsWhoHoldsAShadowedPath() throws IOException {
		String beta = get("/actuator/modules/beta").body();
		assertThat(JsonPath.<String>read(beta, "$.webResources[0].path")).isEqualTo("/shared");
		assertThat(JsonPath.<String>read(beta, "$.webResources[0].state")).isEqualTo("SHADOWED");
		assertThat(JsonPath.<String>read(beta, "$.webResources[0].shadowedBy")).isEqualTo("alpha");
		assertThat(JsonPath.<String>read(beta, "$.webResources[1].state")).isEqualTo("ACTIVE");
		String alpha = get("/actuator/modules/alpha").body();
		assertThat(JsonPath.<String>read(alpha, "$.webResources[1].path")).isEqualTo("/shared");
		assertThat(JsonPath.<String>read(alpha, "$.webResources[1].state")).isEqualTo("ACTIVE");
		assertThat(JsonPath.<List<String>>read(alpha, "$.webResources[1].shadows")).containsExactly("beta");
	}

	@Test
	void theDeepestMountedPathReceivesARequest() throws IOException {
		assertThat(get("/_synapse/client/alpha/deep").body()).isEqualTo("deep:/_synapse/client/alpha/deep within=");
		assertThat(get("/_synapse/client/alpha/deep/x").body())
			.isEqualTo("deep:/_synapse/client/alpha/deep within=x");
		assertThat(get("/_synapse/client/alpha/deeper").body())
			.isEqualTo("alpha:/_synapse/client/alpha within=deeper");
		assertThat(get("/_synapse/client/gamma").body()).isEqualTo("root:/ within=_synapse/client/gamma");
	}

	@Test
	void pathsAreMatchedCaseSensitively() throws IOException {
		assertThat(get("/_synapse/client/ALPHA").body()).isEqualTo("root:/ within=_synapse/client/ALPHA");
		assertThat(get("/SHARED").body()).isEqualTo("root:/ within=SHARED");
	}

	@Test
	void noModuleReceivesARequestInsideAReservedNamespaceNotEvenOneMountedAboveIt() throws IOException {
		assertThat(get("/_synapse/admin/v1/secret").body()).isEqualTo("{\"served\":\"host:admin\"}");
		assertThat(get("/_matrix/client/versions").body()).isEqualTo("{\"served\":\"host:client\"}");
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
		for (String path : List.of("/_synapse/admin/v2/other", "/_matrix/client/r0/sync", "/_matrix/federation/v1/version",
				"/_matrix/key/v2/server", "/_matrix/media/v3/config", "/actuator/nothing", "/error/x")) {
			RawHttp.Response response = get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.body()).as(path).doesNotContain(MODULE_LABELS);
		}
	}

	@Test
	void aModuleMountedAboveReservedNamespacesServesTheRestOfItsTree() throws IOException {
		assertThat(get("/_matrix/custom/x").body()).isEqualTo("matrix:/_matrix within=custom/x");
		assertThat(get("/_matrix/clientele").body()).isEqualTo("matrix:/_matrix within=clientele");
	}

	@Test
	void aRefusedRegistrationThatTheModuleCaughtMountsNothing() throws IOException {
		CatchingModule catching = this.context.getBean("module:catching", CatchingModule.class);
		assertThat(catching.refusals()).containsExactly("Module 'catching' cannot register a web resource at"
				+ " '/_synapse/admin/mine': the path is inside the reserved namespace '/_synapse/admin' (the Synapse"
				+ " admin API); mount module resources under '/_synapse/client/catching' or a root path of the"
				+ " module's own");
		assertThat(get("/_synapse/admin/mine").body()).doesNotContain(MODULE_LABELS);
		assertThat(get("/_synapse/client/catching").body()).isEqualTo("catching:/_synapse/client/catching within=");
	}

}

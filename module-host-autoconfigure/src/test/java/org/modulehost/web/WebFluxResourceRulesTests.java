package org.modulehost.web;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path rules of {@link WebResourceRulesTests}, run against the same modules in their WebFlux
 * form on a Netty server: which module a request reaches, and what the actuator says about who
 * holds a path. (Spring MVC is on this class path too, so the test sets the application type.)
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
class WebFluxResourceRulesTests extends WebResourceRulesTests {

	@Test
	void theApplicationRunsOnWebFluxWithNetty() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(((ReactiveWebServerApplicationContext) this.context).getWebServer())
			.isInstanceOf(NettyWebServer.class);
	}

	@Override
	@Test
	void aRefusedRegistrationThatTheModuleCaughtMountsNothing() throws IOException {
		WebFluxTestModules.CatchingModule catching = this.context.getBean("module:catching",
				WebFluxTestModules.CatchingModule.class);
		assertThat(catching.refusals()).containsExactly("Module 'catching' cannot register a web resource at"
				+ " '/_synapse/admin/mine': the path is inside the reserved namespace '/_synapse/admin' (the Synapse"
				+ " admin API); mount module resources under '/_synapse/client/catching' or a root path of the"
				+ " module's own");
		assertThat(get("/_synapse/admin/mine").body()).doesNotContain(MODULE_LABELS);
		assertThat(get("/_synapse/client/catching").body()).isEqualTo("catching:/_synapse/client/catching within=");
	}

}

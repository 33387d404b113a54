package org.modulehost.web;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One server for the tests of path rules, shadowing and hostile requests (the test context cache
 * shares it): modules mounted next to, inside and above each other, a module at the root, one at
 * a parent of reserved namespaces, and the host's own endpoints in reserved namespaces.
 *
 * <p>Every handler answers {@code <module>:<mounted path> within=<path within it>}.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=modules,health",
		"modules[0].module=org.modulehost.web.TestModules$PathsModule", "modules[0].name=alpha",
		"modules[0].config.paths[0]=/_synapse/client/alpha", "modules[0].config.paths[1]=/shared",
		"modules[1].module=org.modulehost.web.TestModules$PathsModule", "modules[1].name=beta",
		"modules[1].config.paths[0]=/shared", "modules[1].config.paths[1]=/_synapse/client/beta",
		"modules[2].module=org.modulehost.web.TestModules$PathsModule", "modules[2].name=deep",
		"modules[2].config.paths[0]=/_synapse/client/alpha/deep",
		"modules[3].module=org.modulehost.web.TestModules$PathsModule", "modules[3].name=root",
		"modules[3].config.paths[0]=/",
		"modules[4].module=org.modulehost.web.TestModules$PathsModule", "modules[4].name=matrix",
		"modules[4].config.paths[0]=/_matrix",
		"modules[5].module=org.modulehost.web.TestModules$CatchingModule", "modules[5].name=catching",
		"modules[5].config.refused=/_synapse/admin/mine", "modules[5].config.path=/_synapse/client/catching" })
abstract class AbstractMountedModulesTests {

	/** What each module's handler starts its answer with. */
	static final String[] MODULE_LABELS = { "alpha:", "beta:", "deep:", "root:", "matrix:", "catching:" };

	@LocalServerPort
	int port;

	RawHttp.Response get(String target) throws IOException {
		return RawHttp.get(this.port, target);
	}

}

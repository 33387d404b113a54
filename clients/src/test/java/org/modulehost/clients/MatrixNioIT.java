package org.modulehost.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * matrix-nio (the system's {@code python3-matrix-nio} package, unmodified) against the fat jar:
 * {@code clients/python/suite.py} walks the client-server API with two users. It runs with the
 * system's interpreter ({@value #PYTHON}, where the Debian package installs nio; a {@code python3}
 * earlier on the PATH may not see it), or the one named by the system property
 * {@code modulehost.clients.python}.
 */
@ExtendWith(ClientSuiteServer.class)
class MatrixNioIT {

	private static final String PYTHON = "/usr/bin/python3";

	private final String python = System.getProperty("modulehost.clients.python", PYTHON);

	private final Path directory = ClientSuite.directory().resolve("python");

	@BeforeEach
	void matrixNioIsInstalled() {
		ClientSuite.Result nio = ClientSuite.execute(this.directory,
				List.of(this.python, "-c", "import importlib.metadata, nio; print(importlib.metadata.version('matrix-nio'))"),
				Map.of(), Duration.ofSeconds(60));
		if (nio.exitCode() != 0) {
			ClientSuite.missing("The matrix-nio suite needs matrix-nio for " + this.python
					+ ": install the package python3-matrix-nio (apt-get install python3-matrix-nio)\n" + nio.output().strip());
		}
	}

	@Test
	void matrixNioWalksTheClientServerApiWithTwoUsers(HomeserverProcess server) {
		String output = ClientSuite.run("matrix-nio", this.directory, List.of(this.python, "suite.py"), server);
		assertThat(output).contains("ok - logging out ends the session");
	}

}

package org.modulehost.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * matrix-js-sdk (the version pinned in {@code clients/js/package.json}, unmodified, from npm)
 * against the fat jar: {@code suite.mjs} walks the client-server API with two users,
 * {@code e2ee.mjs} has them exchange messages in an encrypted room with the SDK's Rust crypto.
 * Needs Node.js 20 or newer with npm; {@code npm ci} installs the SDK when
 * {@code clients/js/node_modules} is missing or older than the lock file.
 */
@ExtendWith(ClientSuiteServer.class)
class MatrixJsSdkIT {

	/** The oldest Node.js the pinned SDK runs on (its {@code engines}). */
	private static final int NODE_MAJOR = 20;

	private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");

	/** The Node.js command: {@code node} on the PATH, or the system property {@code modulehost.clients.node}. */
	private final String node = System.getProperty("modulehost.clients.node", "node");

	private final Path js = ClientSuite.directory().resolve("js");

	/** Whether Node.js and the SDK were found installed (checked before the first test). */
	private static boolean ready;

	@BeforeEach
	void nodeAndTheSdkAreInstalled() throws Exception {
		if (ready) {
			return;
		}
		ClientSuite.Result found = ClientSuite.execute(this.js, List.of(this.node, "--version"), Map.of(), Duration.ofSeconds(30));
		Matcher version = NODE_VERSION.matcher(found.output());
		if (found.exitCode() != 0 || !version.find()) {
			ClientSuite.missing("The matrix-js-sdk suite needs Node.js " + NODE_MAJOR + " or newer with npm on the PATH: "
					+ "install Node.js (" + found.output().strip() + ")");
		}
		if (Integer.parseInt(version.group(1)) < NODE_MAJOR) {
			ClientSuite.missing("The matrix-js-sdk suite needs Node.js " + NODE_MAJOR + " or newer; this is "
					+ found.output().strip() + ": install a newer Node.js");
		}
		Path installed = this.js.resolve("node_modules/.package-lock.json");
		Path lock = this.js.resolve("package-lock.json");
		if (!Files.exists(installed) || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0) {
			ClientSuite.Result install = ClientSuite.execute(this.js, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
					Duration.ofMinutes(5));
			if (install.output().startsWith("Cannot run npm")) {
				ClientSuite.missing("The matrix-js-sdk suite needs npm (it comes with Node.js): install it");
			}
			if (install.exitCode() != 0) {
				fail("npm ci in clients/js failed (exit code " + install.exitCode() + "):\n" + install.output());
			}
		}
		ready = true;
	}

	@Test
	void matrixJsSdkWalksTheClientServerApiWithTwoUsers(HomeserverProcess server) {
		String output = ClientSuite.run("matrix-js-sdk", this.js, List.of(this.node, "suite.mjs"), server);
		assertThat(output).contains("ok - logging out ends the session");
	}

	@Test
	void matrixJsSdkUsersExchangeMessagesEachDecryptsInAnEncryptedRoom(HomeserverProcess server) {
		String output = ClientSuite.run("matrix-js-sdk end-to-end encryption", this.js, List.of(this.node, "e2ee.mjs"),
				server);
		assertThat(output).contains("ok - bob's answer is encrypted and alice decrypts it");
	}

}

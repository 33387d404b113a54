package org.modulehost.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

import org.modulehost.app.process.HomeserverProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs one client suite (a script in {@code clients/js} or {@code clients/python}) against a
 * running server and fails with its output when a step fails. Each suite prints one line per
 * step ({@code ok - …} or {@code not ok - …}), which is echoed to the build's output.
 */
final class ClientSuite {

	/** How long a whole suite may take. */
	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private ClientSuite() {
	}

	/**
	 * Returns the directory of the client suites ({@code clients/}).
	 * @return the directory
	 */
	static Path directory() {
		return Path.of(HomeserverProcess.requiredFile("modulehost.clients.dir"));
	}

	/**
	 * Runs a suite against the server and asserts that every step passed.
	 * @param name the suite's name, for messages
	 * @param directory the working directory
	 * @param command the command
	 * @param server the server, whose base URL the suite gets as {@code MATRIX_HOMESERVER_URL}
	 * (and the {@link TestMailbox} as {@code MATRIX_TEST_MAIL_URL})
	 * @return the suite's output, one {@code ok - <step>} line per step
	 */
	static String run(String name, Path directory, List<String> command, HomeserverProcess server) {
		Result result = execute(directory, command, Map.of("MATRIX_HOMESERVER_URL", server.uri("").toString(),
				"MATRIX_TEST_MAIL_URL", TestMailbox.url()), TIMEOUT);
		System.out.println(result.output());
		if (result.exitCode() != 0) {
			fail("The " + name + " suite failed (exit code " + result.exitCode() + "):\n" + result.output()
					+ "\n--- server log (last 4000 characters) ---\n" + tail(server.log(), 4000));
		}
		assertThat(result.output()).contains("ok - ").doesNotContain("not ok - ");
		return result.output();
	}

	/**
	 * Runs a command to its end.
	 * @param directory the working directory
	 * @param command the command
	 * @param environment variables on top of this process's
	 * @param timeout how long it may take; it is killed after that
	 * @return its exit code and its output (standard output and error, merged); exit code
	 * {@code -1} when it could not be started (e.g. the program is not installed)
	 */
	static Result execute(Path directory, List<String> command, Map<String, String> environment, Duration timeout) {
		Path output = null;
		try {
			output = Files.createTempFile("modulehost-client-suite-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return new Result(-1, Files.readString(output, StandardCharsets.UTF_8) + "\n(killed after " + timeout
						+ ": " + String.join(" ", command) + ")");
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return new Result(-1, "Cannot run " + String.join(" ", command) + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

	/**
	 * Reports a missing prerequisite: in CI ({@code CI=true}) the test fails, elsewhere it is
	 * skipped, each time with what to install.
	 * @param message what is missing and how to install it
	 */
	static void missing(String message) {
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message + " (CI=true: the client suites must run)");
		}
		System.out.println("Skipped: " + message + " (with CI=true this fails)");
		throw new TestAbortedException(message + " (skipped; with CI=true this fails)");
	}

	private static String tail(String text, int length) {
		return (text.length() <= length) ? text : text.substring(text.length() - length);
	}

	/**
	 * A command's end.
	 *
	 * @param exitCode its exit code, {@code -1} if it did not start or was killed
	 * @param output what it printed
	 */
	record Result(int exitCode, String output) {
	}

}

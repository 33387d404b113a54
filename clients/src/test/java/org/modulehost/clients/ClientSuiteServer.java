package org.modulehost.clients;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.modulehost.app.process.HomeserverProcess;

/**
 * The fat jar the client suites drive, started once for all of them as a child process with the
 * embedded defaults, and with registration open (as {@code samples.yml} opens it for the demo),
 * no rate limits and a cheap password hash ({@link HomeserverProcess}), and e-mail through the
 * {@link TestMailbox}'s SMTP server. No modules. Inject a
 * {@link HomeserverProcess} as a test method parameter.
 */
final class ClientSuiteServer implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		return parameter.getParameter().getType() == HomeserverProcess.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		return extension.getRoot()
			.getStore(ExtensionContext.Namespace.create(ClientSuiteServer.class))
			.computeIfAbsent(HomeserverProcess.class, (key) -> start(), HomeserverProcess.class);
	}

	private static HomeserverProcess start() {
		return HomeserverProcess.start(HomeserverProcess.jar("modulehost.it.server-jar")
			.arguments("--homeserver.registration.enabled=true",
					"--homeserver.registration.allow-without-verification=true", "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + TestMailbox.smtpPort(), "--homeserver.email.enabled=true",
					"--homeserver.email.notif-from=noreply@example.org", "--homeserver.email.ratelimit.per-second=0"));
	}

}

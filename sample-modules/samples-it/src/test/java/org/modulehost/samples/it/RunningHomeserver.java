package org.modulehost.samples.it;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.modulehost.app.process.HomeserverProcess;

/**
 * The fat jar, started once for all end-to-end tests as a child process
 * ({@link HomeserverProcess}), exactly as the README's run command starts it:
 * {@code java -jar module-host-app-exec.jar} with the sample modules from the modules directory
 * and {@code samples.yml}; only its database lives in a temporary directory. Tests reach it over
 * HTTP only. Inject it as a test method or constructor parameter.
 *
 * <p>Around the README's command, the tests add what a demo does not have: an antispam service
 * for the http-antispam sample ({@link AntispamStub}, given to the server through the
 * environment variables {@code samples.yml} reads), and a server administrator,
 * {@value Server#ADMIN} ({@code homeserver.admins}), for the samples' admin endpoints; and, as
 * every {@link HomeserverProcess}, a cheaper password hash and no rate limits.
 */
public final class RunningHomeserver implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		return parameter.getParameter().getType() == Server.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		return extension.getRoot()
			.getStore(ExtensionContext.Namespace.create(RunningHomeserver.class))
			.computeIfAbsent(Server.class, (key) -> Server.start(), Server.class);
	}

	/**
	 * The running homeserver process with the sample modules.
	 */
	public static final class Server extends HomeserverProcess {

		/**
		 * Environment variables the server process gets on top of this one's, for the
		 * placeholders in {@code samples.yml}.
		 */
		private static final Map<String, String> ENVIRONMENT = Map.of("SHARED_SECRET", randomSecret());

		/** The localpart of the server administrator; {@link #admin()} registers it. */
		public static final String ADMIN = "it-admin";

		private final AntispamStub antispam;

		private Account admin;

		private Server(Options options, AntispamStub antispam) {
			super(options);
			this.antispam = antispam;
		}

		static Server start() {
			AntispamStub antispam = AntispamStub.start();
			try {
				Options options = jar("modulehost.it.server-jar")
					.arguments("--modulehost.bundles.directory=" + requiredFile("modulehost.it.modules-dir"))
					.arguments("--spring.config.additional-location=file:" + requiredFile("modulehost.it.samples-config"),
							"--homeserver.admins=" + ADMIN)
					.environment("HTTP_ANTISPAM_URL", antispam.baseUrl())
					.environment("HTTP_ANTISPAM_TOKEN", AntispamStub.TOKEN);
				ENVIRONMENT.forEach(options::environment);
				return new Server(options, antispam);
			}
			catch (RuntimeException ex) {
				antispam.close();
				throw ex;
			}
		}

		/**
		 * Returns the antispam service the http-antispam sample asks.
		 * @return the service
		 */
		public AntispamStub antispam() {
			return this.antispam;
		}

		/**
		 * Returns the server administrator, registering it on first use.
		 * @return the administrator {@value #ADMIN}
		 */
		public synchronized Account admin() {
			if (this.admin == null) {
				this.admin = register(ADMIN, "it-admin-password");
			}
			return this.admin;
		}

		/**
		 * Returns an environment variable the server was started with, e.g. the
		 * {@code SHARED_SECRET} of the shared-secret-auth sample.
		 * @param name the variable
		 * @return its value
		 * @throws IllegalArgumentException if the server was not given that variable
		 */
		public String environment(String name) {
			String value = ENVIRONMENT.get(name);
			if (value == null) {
				throw new IllegalArgumentException("The server was not started with " + name + "; add it to "
						+ "RunningHomeserver.Server.ENVIRONMENT");
			}
			return value;
		}

		@Override
		public void close() {
			try {
				super.close();
			}
			finally {
				this.antispam.close();
			}
		}

		private static String randomSecret() {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			return HexFormat.of().formatHex(bytes);
		}

	}

}

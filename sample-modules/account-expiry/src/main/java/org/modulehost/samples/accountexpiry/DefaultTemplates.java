package org.modulehost.samples.accountexpiry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The module's own templates, shipped in its jar under {@value #RESOURCES}. The homeserver's
 * {@code readTemplates} takes a directory, as Synapse's does (the original module passes its
 * package's {@code templates} folder), and a jar is not one; so the templates are copied once, at
 * start-up, into a temporary directory that is removed when the homeserver stops.
 */
final class DefaultTemplates {

	static final String RESOURCES = "org/modulehost/samples/accountexpiry/templates/";

	/** The templates of the renewal e-mail: its HTML part, then its plain-text part. */
	static final List<String> NOTICE = List.of("notice_expiry.html", "notice_expiry.txt");

	private DefaultTemplates() {
	}

	/**
	 * Copies the module's templates into a new temporary directory.
	 * @return the directory
	 * @throws UncheckedIOException when the directory cannot be written
	 */
	static Path extract() {
		try {
			Path directory = Files.createTempDirectory("account-expiry-templates");
			directory.toFile().deleteOnExit();
			for (String name : NOTICE) {
				try (InputStream in = DefaultTemplates.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
					if (in == null) {
						throw new IllegalStateException("The module's jar lacks its template " + RESOURCES + name);
					}
					Path file = directory.resolve(name);
					Files.copy(in, file);
					file.toFile().deleteOnExit();
				}
			}
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the module's templates to a temporary directory", ex);
		}
	}

}

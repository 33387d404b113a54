package org.modulehost.homeserver.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.tree.Node;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Template;

/**
 * Reads and renders Jinja templates as Synapse's {@code read_templates} does, with HubSpot's
 * Jinjava: a template is looked up in the module's own directory, then in
 * {@code homeserver.email.template-dir}, then among the built-in templates; {@code extends} and
 * {@code include} follow the same order. Templates whose name ends in {@code .html}, {@code .htm}
 * or {@code .xml} escape the values they print (Synapse's {@code select_autoescape}). Besides
 * Jinja's own filters, Synapse's {@code format_ts} and {@code mxc_to_http} are available.
 */
public final class EmailTemplates {

	static final String BUILT_IN = "org/modulehost/homeserver/email/templates/";

	private final @Nullable Path templateDir;

	private final Supplier<String> publicBaseurl;

	private final ZoneId zone;

	/** One engine per search path: the resource locator of extends and include depends on it. */
	private final Map<Optional<Path>, Jinjava> engines = new ConcurrentHashMap<>();

	EmailTemplates(@Nullable Path templateDir, Supplier<String> publicBaseurl, ZoneId zone) {
		this.templateDir = templateDir;
		this.publicBaseurl = publicBaseurl;
		this.zone = zone;
	}

	/**
	 * Reads templates by file name.
	 * @param filenames the file names
	 * @param customDirectory a directory searched first, or {@code null}
	 * @return the templates, in the order of {@code filenames}
	 * @throws IllegalArgumentException when a file is found nowhere or does not parse, naming the
	 * file and the places searched
	 */
	public List<Template> read(List<String> filenames, @Nullable Path customDirectory) {
		Jinjava engine = this.engines.computeIfAbsent(Optional.ofNullable(customDirectory), this::engine);
		Locator locator = (Locator) engine.getResourceLocator();
		List<Template> templates = new ArrayList<>(filenames.size());
		for (String filename : filenames) {
			String source = locator.find(filename)
				.orElseThrow(() -> new IllegalArgumentException(
						"Template " + filename + " not found in " + locator.describe()));
			templates.add(parse(engine, filename, source));
		}
		return templates;
	}

	/**
	 * Reads one template.
	 * @param filename the file name
	 * @return the template
	 * @throws IllegalArgumentException as {@link #read}
	 */
	public Template read(String filename) {
		return read(List.of(filename), null).get(0);
	}

	private Template parse(Jinjava engine, String filename, String source) {
		boolean escape = autoescape(filename);
		render(engine, filename, source, Map.of(), escape, true);
		return (context) -> render(engine, filename, source, context, escape, false);
	}

	private static String render(Jinjava engine, String filename, String source, Map<String, ?> variables,
			boolean escape, boolean parseOnly) {
		Context context = new Context(engine.getGlobalContext(), variables, engine.getGlobalConfig().getDisabled());
		context.setAutoEscape(escape);
		JinjavaInterpreter interpreter = new JinjavaInterpreter(engine, context, engine.getGlobalConfig());
		JinjavaInterpreter.pushCurrent(interpreter);
		try {
			String output;
			if (parseOnly) {
				Node unused = interpreter.parse(source);
				output = "";
			}
			else {
				output = interpreter.render(source);
			}
			List<TemplateError> fatal = interpreter.getErrors()
				.stream()
				.filter((error) -> error.getSeverity() == TemplateError.ErrorType.FATAL)
				.toList();
			if (!fatal.isEmpty()) {
				throw new IllegalArgumentException("Template " + filename + " is not valid: " + fatal.stream()
					.map((error) -> "line " + error.getLineno() + ": " + error.getMessage())
					.collect(Collectors.joining("; ")));
			}
			return output;
		}
		finally {
			JinjavaInterpreter.popCurrent();
		}
	}

	static boolean autoescape(String filename) {
		String name = filename.toLowerCase(Locale.ROOT);
		return name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xml");
	}

	private Jinjava engine(Optional<Path> customDirectory) {
		Jinjava engine = new Jinjava(JinjavaConfig.newBuilder()
			.withCharset(StandardCharsets.UTF_8)
			.withTimeZone(this.zone)
			.withLocale(Locale.ROOT)
			.build());
		List<Path> directories = new ArrayList<>();
		customDirectory.ifPresent(directories::add);
		if (this.templateDir != null) {
			directories.add(this.templateDir);
		}
		engine.setResourceLocator(new Locator(directories));
		engine.registerFilter(new TemplateFilters.FormatTs(this.zone));
		engine.registerFilter(new TemplateFilters.MxcToHttp(this.publicBaseurl));
		return engine;
	}

	/**
	 * Finds templates in the directories in order, then among the built-in ones; a name may not
	 * leave its directory.
	 */
	static final class Locator implements ResourceLocator {

		private final List<Path> directories;

		Locator(List<Path> directories) {
			this.directories = List.copyOf(directories);
		}

		Optional<String> find(String name) {
			if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("..")) {
				return Optional.empty();
			}
			try {
				for (Path directory : this.directories) {
					Path file = directory.resolve(name).normalize();
					if (file.startsWith(directory.normalize()) && Files.isRegularFile(file)) {
						return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
					}
				}
				try (InputStream in = EmailTemplates.class.getClassLoader().getResourceAsStream(BUILT_IN + name)) {
					return (in != null) ? Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8))
							: Optional.empty();
				}
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("Template " + name + " cannot be read: " + ex.getMessage(), ex);
			}
		}

		String describe() {
			List<String> places = new ArrayList<>();
			this.directories.forEach((directory) -> places.add(directory.toString()));
			places.add("the built-in templates");
			return String.join(", ", places);
		}

		@Override
		public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
			return find(fullName).orElseThrow(() -> new ResourceNotFoundException(
					"Template " + fullName + " not found in " + describe()));
		}

	}

}

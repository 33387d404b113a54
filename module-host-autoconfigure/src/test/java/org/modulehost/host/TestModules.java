package org.modulehost.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.modulehost.api.ConfigError;
import org.modulehost.api.ModuleApi;
import org.springframework.util.unit.DataSize;

/**
 * Modules used by the loader's tests.
 */
final class TestModules {

	/** Records what happened to modules, in order, across one test. */
	static final List<String> events = new CopyOnWriteArrayList<>();

	private TestModules() {
	}

	/** Takes its raw configuration. */
	public static class RawModule {

		public final Map<String, Object> config;

		public final ModuleApi api;

		public RawModule(Map<String, Object> config, ModuleApi api) {
			this.config = config;
			this.api = api;
		}

	}

	/** Takes an {@code Object} configuration: the raw map too. */
	public static class ObjectConfigModule {

		public final Object config;

		public ObjectConfigModule(Object config, ModuleApi api) {
			this.config = config;
		}

	}

	/** Parses its configuration itself, as Synapse modules do. */
	public static class ParsingModule {

		public final SpamConfig config;

		public ParsingModule(SpamConfig config, ModuleApi api) {
			this.config = config;
		}

		public static SpamConfig parseConfig(Map<String, Object> config) {
			Object rules = config.get("rules");
			if (!(rules instanceof List<?> list)) {
				throw new ConfigError("'rules' must be a list", List.of("rules"));
			}
			List<Pattern> patterns = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				Object match = (list.get(i) instanceof Map<?, ?> rule) ? rule.get("match") : null;
				try {
					patterns.add(Pattern.compile(String.valueOf(match)));
				}
				catch (PatternSyntaxException ex) {
					throw new ConfigError("not a valid regular expression", List.of("rules", String.valueOf(i), "match"));
				}
			}
			return new SpamConfig(patterns);
		}

	}

	/** A parsed configuration. */
	public record SpamConfig(List<Pattern> rules) {
	}

	/** Its {@code parseConfig} fails with something other than a {@link ConfigError}. */
	public static class BrokenParserModule {

		public BrokenParserModule(Map<String, Object> config, ModuleApi api) {
		}

		public static Map<String, Object> parseConfig(Map<String, Object> config) {
			throw new IllegalStateException("the parser is broken");
		}

	}

	/** Bound with Spring Boot's binder. */
	public static class BoundModule {

		public final BoundConfig config;

		public BoundModule(BoundConfig config, ModuleApi api) {
			this.config = config;
		}

	}

	/** A configuration bound by the host, with conversions and validation. */
	public record BoundConfig(@NotBlank String greeting, Duration period, DataSize maxUpload, Mode mode,
			@Valid Nested nested, List<String> rooms, @Min(1) int retries) {
	}

	/** An enum setting. */
	public enum Mode {

		/** Only report. */
		REPORT,
		/** Enforce. */
		ENFORCE

	}

	/** A nested setting. */
	public record Nested(@NotBlank String url, Map<String, Integer> weights) {
	}

	/** Has no usable constructor. */
	public static class NoConstructorModule {

		public NoConstructorModule(Map<String, Object> config) {
		}

	}

	/** Asks for an API type no host offers. */
	public static class WrongApiModule {

		public WrongApiModule(Map<String, Object> config, SpecialApi api) {
		}

	}

	/** An API type the test host does not offer. */
	public interface SpecialApi extends ModuleApi {

		/** A method no host has. */
		void special();

	}

	/** Throws from its constructor. */
	public static class ExplodingModule {

		public ExplodingModule(Map<String, Object> config, ModuleApi api) {
			throw new IllegalStateException("cannot reach the database");
		}

	}

	/** Refuses its configuration from its constructor. */
	public static class RefusingModule {

		public RefusingModule(Map<String, Object> config, ModuleApi api) {
			throw new ConfigError("needs a public base URL", List.of("public_baseurl"));
		}

	}

	/** Records its life cycle. */
	public static class LifecycleModule implements AutoCloseable {

		private final String label;

		public LifecycleModule(Map<String, Object> config, ModuleApi api) {
			this.label = String.valueOf(config.get("label"));
			events.add("built " + this.label);
		}

		@Override
		public void close() {
			events.add("closed " + this.label);
		}

	}

	/** A bean of the host that a module may use until it is closed. */
	public static class Resource implements AutoCloseable {

		@Override
		public void close() {
			events.add("resource destroyed");
		}

	}

	/** Keeps its API to call it after the constructor returned. */
	public static class LateRegistrationModule {

		public final ModuleApi api;

		public LateRegistrationModule(Map<String, Object> config, ModuleApi api) {
			this.api = api;
		}

	}

}

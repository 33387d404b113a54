package org.modulehost.host;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;

/**
 * Reads the {@code modules:} list from the environment as a faithful tree.
 *
 * <p>Spring flattens YAML into keys such as {@code modules[0].config.rules[1].match}, which loses
 * the difference between a dotted key and nested keys. This reader takes the whole list from the
 * one property source of highest precedence that defines it (lists are never merged across
 * sources, as with Spring's own binding), and when that source was read from a YAML file it
 * reads the list again from the file, so that every key and list stays what it was written as.
 * Other sources (properties files, test properties) are rebuilt from their flattened keys, where
 * brackets keep dotted keys: {@code modules[0].config[a.b]=1}.
 */
final class ModulesConfigReader {

	static final String PREFIX = "modules";

	private ModulesConfigReader() {
	}

	static List<ModuleDefinition> read(ConfigurableEnvironment environment) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable && definesModules(enumerable)) {
				return read(enumerable, environment::resolveRequiredPlaceholders);
			}
		}
		return List.of();
	}

	private static boolean definesModules(EnumerablePropertySource<?> source) {
		for (String name : source.getPropertyNames()) {
			// Some sources list null names (e.g. a command line with non-option arguments).
			if (PREFIX.equals(name) || (name != null && name.startsWith(PREFIX + "["))) {
				return true;
			}
		}
		return false;
	}

	static List<ModuleDefinition> read(EnumerablePropertySource<?> source) {
		return read(source, UnaryOperator.identity());
	}

	/**
	 * Reads the list from one source, resolving {@code ${...}} placeholders in every string value
	 * (module settings often come from environment variables, e.g. secrets).
	 */
	static List<ModuleDefinition> read(EnumerablePropertySource<?> source, UnaryOperator<String> placeholders) {
		Object flattened = flattenedTree(source);
		Object tree = (flattened != null) ? yamlTree(source, flattened) : null;
		if (tree == null) {
			tree = flattened;
		}
		if (tree == null || "".equals(tree)) {
			return List.of();
		}
		if (!(tree instanceof List<?> entries)) {
			throw new ModuleLoadException(PREFIX, null, "expected a list of module entries, found " + describe(tree),
					"Write 'modules:' as a YAML list whose entries have a 'module:' key.", null);
		}
		List<ModuleDefinition> definitions = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			definitions.add(definition(source, i, resolve(entries.get(i), placeholders, PREFIX + "[" + i + "]")));
		}
		return List.copyOf(definitions);
	}

	private static ModuleDefinition definition(PropertySource<?> source, int index, @Nullable Object entry) {
		String path = PREFIX + "[" + index + "]";
		if (!(entry instanceof Map<?, ?> map)) {
			throw new ModuleLoadException(path, null, "expected a mapping, found " + describe(entry),
					"Write each entry of 'modules:' as a mapping with at least a 'module:' key.", null);
		}
		for (Object key : map.keySet()) {
			if (!List.of("module", "config", "name", "enabled").contains(String.valueOf(key))) {
				throw new ModuleLoadException(path + "." + key, null, "unknown key '" + key + "'",
						"An entry has the keys 'module', 'config', 'name' and 'enabled'; move module settings under 'config:'.",
						null);
			}
		}
		Object module = map.get("module");
		if (module != null && !(module instanceof String)) {
			throw new ModuleLoadException(path + ".module", null, "expected a class name, found " + describe(module),
					"Set 'module:' to the fully qualified name of the module's class.", null);
		}
		Object name = map.get("name");
		Object enabled = map.get("enabled");
		boolean isEnabled = enabled == null || "".equals(enabled) || Boolean.parseBoolean(String.valueOf(enabled));
		if (enabled != null && !"".equals(enabled) && !"true".equalsIgnoreCase(String.valueOf(enabled))
				&& !"false".equalsIgnoreCase(String.valueOf(enabled))) {
			throw new ModuleLoadException(path + ".enabled", (String) module, "expected true or false, found '" + enabled + "'",
					"Set 'enabled:' to true or false, or remove it (the default is true).", null);
		}
		Object config = map.get("config");
		if (config == null || "".equals(config)) {
			config = Map.of();
		}
		if (!(config instanceof Map<?, ?>)) {
			throw new ModuleLoadException(path + ".config", (String) module, "expected a mapping, found " + describe(config),
					"Write 'config:' as a mapping of the module's settings, or leave it out.", null);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> frozen = (Map<String, Object>) freeze(config);
		String moduleName = (name == null || "".equals(name)) ? null : String.valueOf(name);
		return new ModuleDefinition(index, (String) module, moduleName, isEnabled, frozen,
				(keys) -> origin(source, path, keys));
	}

	@Nullable
	private static String origin(PropertySource<?> source, String entryPath, List<String> keys) {
		if (!(source instanceof OriginLookup<?>)) {
			return null;
		}
		@SuppressWarnings("unchecked")
		OriginLookup<String> lookup = (OriginLookup<String>) source;
		List<String> remaining = new ArrayList<>(keys);
		while (true) {
			Origin origin = lookup.getOrigin(PropertyNames.join(entryPath, remaining, false));
			if (origin != null) {
				return origin.toString();
			}
			if (remaining.isEmpty()) {
				return null;
			}
			remaining.remove(remaining.size() - 1);
		}
	}

	// ---- the flattened keys, rebuilt --------------------------------------------------------

	@Nullable
	static Object flattenedTree(EnumerablePropertySource<?> source) {
		Map<String, Object> root = new LinkedHashMap<>();
		for (String name : source.getPropertyNames()) {
			if (name != null && (name.equals(PREFIX) || name.startsWith(PREFIX + "[") || name.startsWith(PREFIX + "."))) {
				Object value = source.getProperty(name);
				put(root, PropertyNames.split(name, true), value);
			}
		}
		return listify(root.get(PREFIX));
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> root, List<String> segments, @Nullable Object value) {
		Object node = root;
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			Map<Object, Object> map = (Map<Object, Object>) node;
			Object key = segment.charAt(0) == PropertyNames.INDEX_MARK ? Integer.valueOf(segment.substring(1)) : segment;
			if (i == segments.size() - 1) {
				if (!(map.get(key) instanceof Map)) {
					map.put(key, value);
				}
				return;
			}
			Object child = map.get(key);
			if (!(child instanceof Map)) {
				boolean indexed = segments.get(i + 1).charAt(0) == PropertyNames.INDEX_MARK;
				child = indexed ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
				map.put(key, child);
			}
			node = child;
		}
	}

	@Nullable
	private static Object listify(@Nullable Object node) {
		if (node instanceof TreeMap<?, ?> indexed) {
			List<Object> list = new ArrayList<>();
			for (Map.Entry<?, ?> entry : indexed.entrySet()) {
				int index = (Integer) entry.getKey();
				while (list.size() < index) {
					list.add(null);
				}
				list.add(listify(entry.getValue()));
			}
			return list;
		}
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(String.valueOf(key), listify(value)));
			return result;
		}
		if (node instanceof org.springframework.boot.origin.OriginTrackedValue tracked) {
			return tracked.getValue();
		}
		return node;
	}

	// ---- the YAML file, read again -------------------------------------------------------

	@Nullable
	private static Object yamlTree(EnumerablePropertySource<?> source, Object flattened) {
		Resource resource = yamlResource(source);
		if (resource == null) {
			return null;
		}
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		Yaml yaml = new Yaml(new SafeConstructor(options));
		try (InputStream in = resource.getInputStream()) {
			for (Object document : yaml.loadAll(in)) {
				if (document instanceof Map<?, ?> map && map.containsKey(PREFIX)) {
					Object candidate = normalise(map.get(PREFIX));
					if (sameEntries(candidate, flattened)) {
						return candidate;
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The flattened keys are still there: fall back to them.
			return null;
		}
		return null;
	}

	@Nullable
	private static Resource yamlResource(PropertySource<?> source) {
		if (!(source instanceof OriginLookup<?>)) {
			return null;
		}
		for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
			if (name != null && name.startsWith(PREFIX)) {
				@SuppressWarnings("unchecked")
				Origin origin = ((OriginLookup<String>) source).getOrigin(name);
				while (origin != null && !(origin instanceof TextResourceOrigin)) {
					origin = origin.getParent();
				}
				if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
					String filename = text.getResource().getFilename();
					if (filename != null && (filename.endsWith(".yml") || filename.endsWith(".yaml"))) {
						return text.getResource();
					}
				}
				return null;
			}
		}
		return null;
	}

	private static boolean sameEntries(@Nullable Object candidate, Object flattened) {
		if (!(candidate instanceof List<?> a) || !(flattened instanceof List<?> b) || a.size() != b.size()) {
			return candidate == null && ("".equals(flattened));
		}
		for (int i = 0; i < a.size(); i++) {
			Object x = (a.get(i) instanceof Map<?, ?> m) ? m.get("module") : null;
			Object y = (b.get(i) instanceof Map<?, ?> m) ? m.get("module") : null;
			if (!String.valueOf(x).equals(String.valueOf(y))) {
				return false;
			}
		}
		return true;
	}

	@Nullable
	private static Object normalise(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(String.valueOf(key), normalise(value)));
			return result;
		}
		if (node instanceof List<?> list) {
			List<Object> result = new ArrayList<>(list.size());
			list.forEach((item) -> result.add(normalise(item)));
			return result;
		}
		return node;
	}

	// ---- helpers -------------------------------------------------------------------------

	@Nullable
	private static Object resolve(@Nullable Object node, UnaryOperator<String> placeholders, String path) {
		if (node instanceof Map<?, ?> map) {
			Map<Object, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(key, resolve(value, placeholders, path + "." + key)));
			return result;
		}
		if (node instanceof List<?> list) {
			List<Object> result = new ArrayList<>(list.size());
			for (int i = 0; i < list.size(); i++) {
				result.add(resolve(list.get(i), placeholders, path + "[" + i + "]"));
			}
			return result;
		}
		if (node instanceof String text && text.contains("${")) {
			try {
				return placeholders.apply(text);
			}
			catch (IllegalArgumentException ex) {
				throw new ModuleLoadException(path, null, ex.getMessage(),
						"Define the property or environment variable the placeholder names, or give it a default:"
								+ " ${NAME:default}.", ex);
			}
		}
		return node;
	}

	@Nullable
	static Object freeze(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(String.valueOf(key), freeze(value)));
			return Collections.unmodifiableMap(result);
		}
		if (node instanceof List<?> list) {
			List<Object> result = new ArrayList<>(list.size());
			list.forEach((item) -> result.add(freeze(item)));
			return Collections.unmodifiableList(result);
		}
		if (node instanceof org.springframework.boot.origin.OriginTrackedValue tracked) {
			return tracked.getValue();
		}
		return node;
	}

	static String describe(@Nullable Object value) {
		if (value == null) {
			return "nothing";
		}
		if (value instanceof Map) {
			return "a mapping";
		}
		if (value instanceof List) {
			return "a list";
		}
		return "'" + value + "'";
	}

}

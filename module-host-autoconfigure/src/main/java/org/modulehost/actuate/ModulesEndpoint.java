package org.modulehost.actuate;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleHost;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/modules}: every configured module in order, with its class, jar, module bundle
 * and class loader, state, load time, masked configuration and what it registered.
 */
@Endpoint(id = "modules")
public class ModulesEndpoint {

	private static final Pattern SECRET = Pattern
		.compile(".*(password|passwd|secret|token|key|credential|passphrase|private|auth|signature).*");

	private static final String MASK = "******";

	private final ModuleHost host;

	/**
	 * Creates the endpoint.
	 * @param host the module host
	 */
	public ModulesEndpoint(ModuleHost host) {
		this.host = host;
	}

	/**
	 * Lists every module.
	 * @return the modules, in configuration order
	 */
	@ReadOperation
	public ModulesDescriptor modules() {
		List<Map<String, Object>> modules = new ArrayList<>();
		this.host.modules().forEach((module) -> modules.add(describe(module)));
		return new ModulesDescriptor(this.host.settings().instanceName(), modules);
	}

	/**
	 * Describes one module.
	 * @param name the module's name
	 * @return its description, or {@code null} (404) when there is no such module
	 */
	@ReadOperation
	@Nullable
	public Map<String, Object> module(@Selector String name) {
		return this.host.module(name).map(this::describe).orElse(null);
	}

	private Map<String, Object> describe(LoadedModule module) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("index", module.definition().index());
		description.put("name", module.name());
		description.put("class", module.definition().className());
		description.put("state", module.state().name());
		Class<?> moduleClass = module.moduleClass();
		if (moduleClass != null) {
			description.put("location", location(moduleClass));
			description.put("bundle", (module.bundle() != null) ? module.bundle().toString() : null);
			description.put("classLoader", module.classLoader());
		}
		if (module.loadedAt() != null) {
			description.put("loadedAt", module.loadedAt().toString());
			description.put("loadTimeMillis", module.loadTime().toNanos() / 1_000_000.0);
		}
		description.put("config", mask(module.definition().config()));
		description.putAll(this.host.details(module));
		return description;
	}

	@Nullable
	private static String location(Class<?> moduleClass) {
		CodeSource source = moduleClass.getProtectionDomain().getCodeSource();
		URL location = (source != null) ? source.getLocation() : null;
		return (location != null) ? location.toString() : null;
	}

	@Nullable
	static Object mask(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> masked = new LinkedHashMap<>();
			map.forEach((key, value) -> {
				String name = String.valueOf(key);
				boolean secret = SECRET.matcher(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")).matches();
				// A switch such as m_login_password_support_enabled reveals nothing: booleans stay.
				boolean hide = secret && value != null && !isBoolean(value);
				masked.put(name, (hide && !(value instanceof Map) && !(value instanceof List)) ? MASK
						: hide ? maskAll(value) : mask(value));
			});
			return masked;
		}
		if (node instanceof List<?> list) {
			List<Object> masked = new ArrayList<>(list.size());
			list.forEach((item) -> masked.add(mask(item)));
			return masked;
		}
		return node;
	}

	private static boolean isBoolean(Object value) {
		return value instanceof Boolean || "true".equalsIgnoreCase(String.valueOf(value))
				|| "false".equalsIgnoreCase(String.valueOf(value));
	}

	@Nullable
	private static Object maskAll(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> masked = new LinkedHashMap<>();
			map.forEach((key, value) -> masked.put(String.valueOf(key), maskAll(value)));
			return masked;
		}
		if (node instanceof List<?> list) {
			List<Object> masked = new ArrayList<>(list.size());
			list.forEach((item) -> masked.add(maskAll(item)));
			return masked;
		}
		return (node == null || isBoolean(node)) ? node : MASK;
	}

	/**
	 * The modules of this instance.
	 *
	 * @param instance the instance's name
	 * @param modules each module's description, in configuration order
	 */
	public record ModulesDescriptor(String instance, List<Map<String, Object>> modules) {

	}

}

package org.modulehost.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import org.modulehost.api.callback.CallbackRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * A real host, started for a test with the modules and configuration it names.
 *
 * <pre>{@code
 * try (ModuleTestHost host = ModuleTestHost.builder()
 *         .module(HelloModule.class, Map.of("greeting", "Hi"))
 *         .start()) {
 *     HttpResponse<String> response = host.get("/_synapse/client/hello/world");
 *     assertThat(response.body()).isEqualTo("Hi, world");
 * }
 * }</pre>
 *
 * <p>By default the host is a Spring Boot application with every auto-configuration on the
 * class path and, when Spring MVC is there, a real server on a random port; a test of a module
 * for a particular host (such as the reference homeserver) passes that host's application class
 * to {@link Builder#application(Class...)}. The modules' configuration is written to a YAML file,
 * so the module reads it exactly as it would in production.
 *
 * <p>The management endpoints (the actuator) are on a port of their own, random too
 * ({@code management.server.port=0}), as a production host serves them apart from the clients:
 * read them with {@link #getManagement(String, String...)} and {@link #managementPort()}.
 *
 * @see MatrixTestClient#homeserver(Class...) a host running the reference homeserver, and a
 * Matrix client of it
 */
public final class ModuleTestHost implements AutoCloseable {

	private static final String MODULE_CACHE_MANAGER = "moduleCacheManager";

	private final ConfigurableApplicationContext context;

	private final Path configFile;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ModuleTestHost(ConfigurableApplicationContext context, Path configFile) {
		this.context = context;
		this.configFile = configFile;
	}

	/**
	 * Starts describing a host.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the running application context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Returns a bean of the host.
	 * @param <T> the bean type
	 * @param type the bean type
	 * @return the only bean of that type
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Returns the loaded module of a class (the instance the host built, which may be a subclass
	 * the host generated for cached functions).
	 * @param <T> the module type
	 * @param moduleClass the module's class
	 * @return the module
	 * @throws org.springframework.beans.factory.NoUniqueBeanDefinitionException if several
	 * modules of that class are loaded; use {@link #module(String, Class)}
	 */
	public <T> T module(Class<T> moduleClass) {
		return this.context.getBean(moduleClass);
	}

	/**
	 * Returns a loaded module by name.
	 * @param <T> the module type
	 * @param name the module's name
	 * @param moduleClass the module's class
	 * @return the module
	 */
	public <T> T module(String name, Class<T> moduleClass) {
		return this.context.getBean("module:" + name, moduleClass);
	}

	/**
	 * Returns the dispatcher of a callback category: calling it calls the modules' callbacks by
	 * the category's rules, as the host does.
	 * @param <C> the category
	 * @param category the category interface
	 * @return the dispatcher
	 */
	public <C> C dispatcher(Class<C> category) {
		return bean(CallbackRegistry.class).dispatcher(category);
	}

	/**
	 * Returns a module cache by name ({@code <module>.<method>}).
	 * @param name the cache name
	 * @return the cache, or {@code null} when there is none by that name
	 */
	@Nullable
	public Cache cache(String name) {
		return this.context.getBean(MODULE_CACHE_MANAGER, CacheManager.class).getCache(name);
	}

	/**
	 * Returns the port the host's server listens on.
	 * @return the port
	 * @throws IllegalStateException when the host runs no server
	 */
	public int port() {
		Integer port = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("This host runs no web server; start it with web(true)");
		}
		return port;
	}

	/**
	 * Returns the port the host's management endpoints (the actuator) listen on: a random port
	 * of their own unless a {@code management.server.port} property chose otherwise.
	 * @return the port
	 * @throws IllegalStateException when the host runs no server
	 */
	public int managementPort() {
		Integer port = this.context.getEnvironment().getProperty("local.management.port", Integer.class);
		return (port != null) ? port : port();
	}

	/**
	 * Sends a {@code GET} to the management port, e.g. {@code /actuator/modules}.
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> getManagement(String path, String... headers) {
		return send("GET", URI.create("http://127.0.0.1:" + managementPort() + path), null, headers);
	}

	/**
	 * Returns the address of a path on the host's server.
	 * @param path an absolute path, e.g. {@code /_synapse/client/hello}
	 * @return the URI on 127.0.0.1
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	/**
	 * Sends a {@code GET}.
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> get(String path, String... headers) {
		return request("GET", path, null, headers);
	}

	/**
	 * Sends a {@code POST} with a JSON body.
	 * @param path the path
	 * @param json the body
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> post(String path, String json, String... headers) {
		return request("POST", path, json, headers);
	}

	/**
	 * Sends a request.
	 * @param method the HTTP method
	 * @param path the path
	 * @param json the JSON body, or {@code null} for none
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> request(String method, String path, @Nullable String json, String... headers) {
		return send(method, uri(path), json, headers);
	}

	private HttpResponse<String> send(String method, URI uri, @Nullable String json, String... headers) {
		String path = uri.getPath();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)
				: HttpRequest.BodyPublishers.noBody());
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + method + " " + path, ex);
		}
	}

	/**
	 * Stops the host: modules are closed, the server stops.
	 */
	@Override
	public void close() {
		try {
			this.context.close();
		}
		finally {
			Builder.deleteQuietly(this.configFile);
		}
	}

	/**
	 * Describes a host to start.
	 */
	public static final class Builder {

		private final List<Class<?>> sources = new ArrayList<>();

		private final List<Map<String, Object>> modules = new ArrayList<>();

		private final Map<String, Object> yaml = new LinkedHashMap<>();

		private final Map<String, Object> properties = new LinkedHashMap<>();

		@Nullable
		private Boolean web;

		private Builder() {
		}

		/**
		 * Starts this application instead of the default host (every auto-configuration).
		 * @param sources the application's {@code @SpringBootApplication} class(es)
		 * @return this builder
		 */
		public Builder application(Class<?>... sources) {
			this.sources.addAll(List.of(sources));
			return this;
		}

		/**
		 * Adds a module with an empty configuration.
		 * @param moduleClass the module's class
		 * @return this builder
		 */
		public Builder module(Class<?> moduleClass) {
			return module(null, moduleClass, Map.of());
		}

		/**
		 * Adds a module.
		 * @param moduleClass the module's class
		 * @param config its {@code config:} mapping (nested maps and lists allowed)
		 * @return this builder
		 */
		public Builder module(Class<?> moduleClass, Map<String, ?> config) {
			return module(null, moduleClass, config);
		}

		/**
		 * Adds a module with a name.
		 * @param name its {@code name:}, or {@code null} for the default
		 * @param moduleClass the module's class
		 * @param config its {@code config:} mapping
		 * @return this builder
		 */
		public Builder module(@Nullable String name, Class<?> moduleClass, Map<String, ?> config) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("module", moduleClass.getName());
			if (name != null) {
				entry.put("name", name);
			}
			entry.put("config", new LinkedHashMap<>(config));
			this.modules.add(entry);
			return this;
		}

		/**
		 * Adds configuration written as YAML, e.g. a whole {@code modules:} list. Modules added
		 * with {@code module(...)} come after the ones listed here.
		 * @param yaml one YAML document
		 * @return this builder
		 */
		public Builder yaml(String yaml) {
			Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
			if (!(document instanceof Map<?, ?> map)) {
				throw new IllegalArgumentException("The YAML must be a mapping, e.g. 'modules: [...]'");
			}
			map.forEach((key, value) -> this.yaml.put(String.valueOf(key), value));
			return this;
		}

		/**
		 * Sets a property of the host, e.g. {@code modulehost.instance.name}. It wins over the
		 * application's own configuration files, as a command-line argument does. (Module
		 * configuration goes through {@link #module} or {@link #yaml}: a {@code modules[0]...}
		 * property here would replace the whole list.)
		 * @param key the property
		 * @param value its value
		 * @return this builder
		 */
		public Builder property(String key, Object value) {
			this.properties.put(key, value);
			return this;
		}

		/**
		 * Chooses whether the host runs a web server on a random port; by default it does when
		 * Spring MVC is on the class path.
		 * @param web whether to start a server
		 * @return this builder
		 */
		public Builder web(boolean web) {
			this.web = web;
			return this;
		}

		/**
		 * Starts the host.
		 * @return the running host; close it when done
		 * @throws RuntimeException the start-up failure, e.g. a module's configuration error
		 */
		public ModuleTestHost start() {
			Path file = writeConfig();
			boolean servlet = (this.web != null) ? this.web
					: ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", null);
			// Passed as command-line arguments: they win over the application's own
			// application.yml (default properties would lose to it).
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("server.port", "0");
			properties.put("management.server.port", "0");
			properties.put("spring.main.banner-mode", "off");
			properties.put("spring.config.additional-location", "optional:file:" + file.toAbsolutePath());
			properties.putAll(this.properties);
			String[] args = properties.entrySet()
				.stream()
				.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new);
			Class<?>[] sources = this.sources.isEmpty() ? new Class<?>[] { DefaultHost.class }
					: this.sources.toArray(Class<?>[]::new);
			try {
				ConfigurableApplicationContext context = new SpringApplicationBuilder(sources)
					.web(servlet ? WebApplicationType.SERVLET : WebApplicationType.NONE)
					.run(args);
				return new ModuleTestHost(context, file);
			}
			catch (RuntimeException ex) {
				deleteQuietly(file);
				throw ex;
			}
		}

		private Path writeConfig() {
			Map<String, Object> document = new LinkedHashMap<>(this.yaml);
			if (!this.modules.isEmpty()) {
				List<Object> modules = new ArrayList<>();
				if (document.get("modules") instanceof List<?> listed) {
					modules.addAll(listed);
				}
				modules.addAll(this.modules);
				document.put("modules", modules);
			}
			DumperOptions options = new DumperOptions();
			options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
			String text = new Yaml(new Representer(options), options).dump(document);
			try {
				Path file = Files.createTempFile("module-test-host-", ".yml");
				Files.writeString(file, text, StandardCharsets.UTF_8);
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write the test host's configuration", ex);
			}
		}

		static void deleteQuietly(Path file) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				file.toFile().deleteOnExit();
			}
		}

	}

	/** The default host: every auto-configuration on the class path. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class DefaultHost {

	}

}

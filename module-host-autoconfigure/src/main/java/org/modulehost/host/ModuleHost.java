package org.modulehost.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.validation.Validator;
import org.springframework.web.client.RestClient;

/**
 * Loads the modules listed under {@code modules:} when the context starts, keeps them, and closes
 * them when it stops.
 *
 * <p>Modules are built in configuration order while this bean initialises; each becomes a
 * singleton bean named {@code module:<name>}. The first failure stops start-up with a
 * {@link ModuleLoadException}, after undoing everything the failed module registered. At
 * shut-down each module's background calls are cancelled, then modules that implement
 * {@link AutoCloseable} are closed in reverse order.
 *
 * <p>With a {@link BundleDirectory}, an entry's class is looked up first in the module bundles
 * there, each loaded in a class loader of its own, then on the application's class path. The
 * bundles' class loaders are closed after the modules, when the context closes.
 */
public class ModuleHost implements InitializingBean, DisposableBean, ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(ModuleHost.class);

	/** Bean names of modules start with this. */
	public static final String BEAN_NAME_PREFIX = "module:";

	private final ConfigurableEnvironment environment;

	private final ConfigurableListableBeanFactory beanFactory;

	private final HostSettings settings;

	private final Features features;

	private final ModuleExecutors executors;

	private final @Nullable BundleDirectory bundleDirectory;

	private volatile List<LoadedModule> modules = List.of();

	private volatile @Nullable ModuleBundles bundles;

	/**
	 * Creates the host.
	 * @param environment where the {@code modules:} list is read from
	 * @param beanFactory where modules are registered as beans
	 * @param settings the core settings
	 * @param features the feature registrars and extension points
	 */
	public ModuleHost(ConfigurableEnvironment environment, ConfigurableListableBeanFactory beanFactory,
			HostSettings settings, Features features) {
		this(environment, beanFactory, settings, features, null);
	}

	/**
	 * Creates the host that also loads modules from bundles, each in its own class loader.
	 * @param environment where the {@code modules:} list is read from
	 * @param beanFactory where modules are registered as beans
	 * @param settings the core settings
	 * @param features the feature registrars and extension points
	 * @param bundleDirectory where the module bundles are, or {@code null} for modules on the
	 * application's class path only
	 */
	public ModuleHost(ConfigurableEnvironment environment, ConfigurableListableBeanFactory beanFactory,
			HostSettings settings, Features features, @Nullable BundleDirectory bundleDirectory) {
		this.bundleDirectory = bundleDirectory;
		this.environment = environment;
		this.beanFactory = beanFactory;
		this.settings = settings;
		this.features = features;
		this.executors = new ModuleExecutors(settings);
	}

	@Override
	public void afterPropertiesSet() {
		List<ModuleDefinition> definitions = ModulesConfigReader.read(this.environment);
		ClassLoader classLoader = (this.beanFactory.getBeanClassLoader() != null) ? this.beanFactory.getBeanClassLoader()
				: getClass().getClassLoader();
		ModuleBundles opened = (this.bundleDirectory != null)
				? ModuleBundles.open(this.bundleDirectory.path(), this.bundleDirectory.required(), classLoader) : null;
		this.bundles = opened;
		ModuleLoader loader = new ModuleLoader(classLoader, opened, new ModuleConfigResolver(this.features.validator()),
				this.features.preparers(), this.features.apiFactories(), this::baseApi);
		List<LoadedModule> loaded = new ArrayList<>();
		Set<String> names = new HashSet<>();
		try {
			for (ModuleDefinition definition : definitions) {
				loaded.add(load(loader, definition, names));
			}
			if (opened != null) {
				opened.closeUnused();
			}
		}
		catch (RuntimeException ex) {
			this.modules = Collections.unmodifiableList(loaded);
			closeAll();
			throw ex;
		}
		this.modules = Collections.unmodifiableList(loaded);
		if (!definitions.isEmpty()) {
			logger.info("Loaded " + loaded.stream().filter((m) -> m.state() == LoadedModule.State.ACTIVE).count()
					+ " of " + definitions.size() + " configured modules");
		}
	}

	private LoadedModule load(ModuleLoader loader, ModuleDefinition definition, Set<String> names) {
		long start = System.nanoTime();
		String name = name(definition, names);
		if (!definition.enabled()) {
			logger.info("Module " + definition.path() + " (" + definition.className() + ") is disabled");
			ModuleBundles opened = this.bundles;
			if (opened != null && definition.className() != null) {
				opened.listed(definition.className().trim());
			}
			return new LoadedModule(definition, name, null, null, null);
		}
		Class<?> moduleClass = loader.resolveClass(definition);
		ModuleRegistration registration = new ModuleRegistration(definition, name, moduleClass);
		try {
			Object instance = loader.build(definition, moduleClass, registration);
			registration.instance(instance);
			registration.commit();
			this.beanFactory.registerSingleton(BEAN_NAME_PREFIX + name, instance);
		}
		catch (RuntimeException ex) {
			registration.rollback();
			throw ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		String from = (moduleClass.getClassLoader() instanceof BundleClassLoader bundle)
				? " from bundle " + bundle.describe() : "";
		logger.info("Loaded module '" + name + "' (" + moduleClass.getName() + ")" + from + " in " + took.toMillis()
				+ " ms");
		return new LoadedModule(definition, name, registration, Instant.now(), took);
	}

	private String name(ModuleDefinition definition, Set<String> names) {
		String configured = definition.name();
		if (configured != null) {
			if (!configured.matches("[A-Za-z0-9_-]+")) {
				throw new ModuleLoadException(definition.path(List.of("name")), definition.className(),
						"'" + configured + "' is not a valid module name",
						"Use letters, digits, '-' and '_' only: the name becomes part of cache names and URLs.",
						definition.originOf(List.of("name")), null);
			}
			if (!names.add(configured)) {
				throw new ModuleLoadException(definition.path(List.of("name")), definition.className(),
						"the name '" + configured + "' is already taken by an earlier module",
						"Give each module a unique 'name:'.", definition.originOf(List.of("name")), null);
			}
			return configured;
		}
		String className = (definition.className() != null) ? definition.className().trim() : "module";
		String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
		String base = simpleName.replaceAll("[^A-Za-z0-9_-]", "_");
		String candidate = base;
		for (int i = 2; !names.add(candidate); i++) {
			candidate = base + "-" + i;
		}
		return candidate;
	}

	private org.modulehost.api.ModuleApi baseApi(ModuleRegistration registration) {
		Supplier<RestClient> client = SingletonSupplier.of(() -> httpClient(registration.name()));
		return new DefaultModuleApi(registration, this.features, this.executors, this.settings, this.environment,
				client);
	}

	private RestClient httpClient(String moduleName) {
		RestClient.Builder builder = (this.features.restClientBuilder() != null)
				? this.features.restClientBuilder().clone() : RestClient.builder();
		java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
			.connectTimeout(this.settings.connectTimeout())
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(this.settings.readTimeout());
		ClientHttpRequestFactory requestFactory = factory;
		return builder.requestFactory(requestFactory)
			.defaultHeader("User-Agent", this.settings.userAgent() + " (module " + moduleName + ")")
			.build();
	}

	/**
	 * Returns every configured module entry in configuration order, disabled ones included.
	 * @return the modules
	 */
	public List<LoadedModule> modules() {
		return this.modules;
	}

	/**
	 * Finds a module by name.
	 * @param name the module's name
	 * @return the module, if there is one by that name
	 */
	public Optional<LoadedModule> module(String name) {
		return this.modules.stream().filter((module) -> module.name().equals(name)).findFirst();
	}

	/**
	 * Returns the host's core settings.
	 * @return the settings
	 */
	public HostSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the sections each feature adds to a module's description.
	 * @param module the module
	 * @return the sections by key, in the features' order
	 */
	public Map<String, Object> details(LoadedModule module) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (ModuleDetailsContributor contributor : this.features.detailsContributors()) {
			Object section = contributor.details(module);
			if (section != null) {
				details.put(contributor.key(), section);
			}
		}
		return details;
	}

	/**
	 * Cancels the modules' background calls and closes the modules as soon as the context starts
	 * closing, before any bean is destroyed: a module's last run or its {@code close()} may still
	 * use what the host gave it (a database, a client).
	 * @param event the context's closing
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext().getAutowireCapableBeanFactory() == this.beanFactory) {
			closeAll();
			this.executors.close();
		}
	}

	@Override
	public void destroy() {
		closeAll();
		this.executors.close();
	}

	private void closeAll() {
		List<LoadedModule> loaded = new ArrayList<>(this.modules);
		loaded.forEach((module) -> {
			if (module.registration() != null) {
				module.registration().cancelBackgroundCalls();
			}
		});
		Collections.reverse(loaded);
		for (LoadedModule module : loaded) {
			if (module.state() == LoadedModule.State.ACTIVE) {
				close(module);
			}
		}
		ModuleBundles opened = this.bundles;
		if (opened != null) {
			this.bundles = null;
			opened.close();
		}
	}

	private static void close(LoadedModule module) {
		module.state(LoadedModule.State.CLOSED);
		if (module.instance() instanceof AutoCloseable closeable) {
			try {
				closeable.close();
				logger.debug("Closed module '" + module.name() + "'");
			}
			catch (Exception ex) {
				logger.warn("Module '" + module.name() + "' failed to close", ex);
			}
		}
	}

	/**
	 * What the host delegates to its features. Absent features refuse the corresponding
	 * {@code ModuleApi} calls with {@link UnsupportedOperationException}.
	 *
	 * @param web where web resources go, if supported
	 * @param callbacks where callbacks go, if supported
	 * @param caches where cached functions go, if supported
	 * @param preparers class preparers, in order
	 * @param apiFactories richer API types offered to modules
	 * @param detailsContributors sections of the actuator's module description
	 * @param validator the validator for bound module configurations, if any
	 * @param restClientBuilder the application's HTTP client builder, if any
	 */
	public record Features(@Nullable WebResourceRegistrar web, @Nullable CallbackRegistrar callbacks,
			@Nullable CachedFunctionRegistrar caches, List<ModuleClassPreparer> preparers,
			List<ModuleApiFactory<?>> apiFactories, List<ModuleDetailsContributor> detailsContributors,
			@Nullable Validator validator, RestClient.@Nullable Builder restClientBuilder) {

		/** No features: only the core API. */
		public static final Features NONE = new Features(null, null, null, List.of(), List.of(), List.of(), null, null);

	}

}

package org.modulehost.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import org.modulehost.host.BundleDirectory;
import org.modulehost.host.CachedFunctionRegistrar;
import org.modulehost.host.CallbackRegistrar;
import org.modulehost.host.HostSettings;
import org.modulehost.host.ModuleApiFactory;
import org.modulehost.host.ModuleClassPreparer;
import org.modulehost.host.ModuleDetailsContributor;
import org.modulehost.host.ModuleHost;
import org.modulehost.host.WebResourceRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.validation.Validator;
import org.springframework.web.client.RestClient;

/**
 * Loads the modules listed under {@code modules:}. Feature auto-configurations (web resources,
 * callbacks, cached functions) contribute their registrars; each of those, and the host itself,
 * can be replaced by a bean of the application's own.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration" })
@EnableConfigurationProperties(ModuleHostProperties.class)
public final class ModuleHostAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HostSettings moduleHostSettings(ModuleHostProperties properties) {
		ModuleHostProperties.Instance instance = properties.getInstance();
		String backgroundTasks = (instance.getBackgroundTasks() != null) ? instance.getBackgroundTasks()
				: instance.getName();
		return new HostSettings(instance.getName(), backgroundTasks, properties.getThreads().getMax(),
				properties.getThreads().getQueueCapacity(), properties.getHttp().getConnectTimeout(),
				properties.getHttp().getReadTimeout(), properties.getHttp().getUserAgent());
	}

	@Bean
	@ConditionalOnMissingBean
	ModuleHost moduleHost(ConfigurableEnvironment environment, ConfigurableListableBeanFactory beanFactory,
			HostSettings settings, ObjectProvider<WebResourceRegistrar> web, ObjectProvider<CallbackRegistrar> callbacks,
			ObjectProvider<CachedFunctionRegistrar> caches, ObjectProvider<ModuleClassPreparer> preparers,
			ObjectProvider<ModuleApiFactory<?>> apiFactories, ObjectProvider<ModuleDetailsContributor> contributors,
			ObjectProvider<Validator> validators, ObjectProvider<RestClient.Builder> restClientBuilder,
			ModuleHostProperties properties) {
		Validator validator = validators.orderedStream().findFirst().orElse(null);
		ModuleHost.Features features = new ModuleHost.Features(web.getIfAvailable(), callbacks.getIfAvailable(),
				caches.getIfAvailable(), List.copyOf(preparers.orderedStream().toList()),
				List.copyOf(apiFactories.orderedStream().toList()),
				List.copyOf(contributors.orderedStream().toList()), validator, restClientBuilder.getIfAvailable());
		String directory = properties.getBundles().getDirectory();
		BundleDirectory bundles = new BundleDirectory(Path.of(directory),
				!ModuleHostProperties.Bundles.DEFAULT_DIRECTORY.equals(directory));
		return new ModuleHost(environment, beanFactory, settings, features, bundles);
	}

}

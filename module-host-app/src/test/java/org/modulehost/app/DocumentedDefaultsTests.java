package org.modulehost.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults an IDE shows for each setting (the configuration metadata the build generates,
 * merged with {@code additional-spring-configuration-metadata.json}) are the ones the settings
 * really have: the homeserver's and the starter's.
 */
class DocumentedDefaultsTests {

	/** Defaults computed from the machine (the processor count): their Javadoc says how. */
	private static final Set<String> MACHINE_DEPENDENT = Set.of("homeserver.sync.wake-up-threads");

	@Test
	void everyDocumentedDefaultIsTheRealOneAndEveryRealDefaultIsDocumented() throws IOException {
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			JsonNode metadata;
			try (InputStream in = url.openStream()) {
				metadata = JsonMapper.builder().build().readTree(in);
			}
			for (JsonNode property : metadata.get("properties")) {
				String name = property.get("name").asString();
				if (!name.startsWith("homeserver.") && !name.startsWith("modulehost.")
						|| MACHINE_DEPENDENT.contains(name)) {
					continue;
				}
				Object real = realDefault(metadata, name);
				JsonNode documented = property.get("defaultValue");
				checked++;
				if (documented == null) {
					if (!isEmpty(real)) {
						wrong.add(name + ": not documented, really " + real);
					}
				}
				else if (real == null || !real.equals(ApplicationConversionService.getSharedInstance()
					.convert(documented.isString() ? documented.asString() : documented.toString(), real.getClass()))) {
					wrong.add(name + ": documented " + documented + ", really " + real);
				}
			}
		}
		assertThat(checked).isGreaterThan(20);
		assertThat(wrong).isEmpty();
	}

	private static @Nullable Object realDefault(JsonNode metadata, String name) {
		String prefix = null;
		Class<?> type = null;
		for (JsonNode group : metadata.get("groups")) {
			String candidate = group.get("name").asString();
			Class<?> candidateType = ClassUtils.resolveClassName(group.get("type").asString(), null);
			if (name.startsWith(candidate + ".") && !group.has("sourceMethod")
					&& candidateType.isAnnotationPresent(ConfigurationProperties.class)
					&& (prefix == null || candidate.length() > prefix.length())) {
				prefix = candidate;
				type = candidateType;
			}
		}
		assertThat(type).as("the @ConfigurationProperties class of %s", name).isNotNull();
		Object settings = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate(prefix,
				Bindable.of(type));
		return new BeanWrapperImpl(settings).getPropertyValue(toBeanPath(name.substring(prefix.length() + 1)));
	}

	private static String toBeanPath(String dashed) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	private static boolean isEmpty(@Nullable Object value) {
		return value == null || Boolean.FALSE.equals(value)
				|| (value instanceof Number number && number.doubleValue() == 0)
				|| (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty());
	}

}

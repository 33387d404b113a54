package org.modulehost.homeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint table of {@code docs/homeserver.md} says what the server really serves: every
 * client and admin endpoint the server maps is in it as implemented, and every row it marks
 * implemented is mapped.
 */
class EndpointsDocumentedTests extends HomeserverTestSupport {

	private static final Pattern ROW = Pattern.compile("^\\| `([A-Z]+) ([^`]+)` \\| ([a-z ]+) \\|");

	/** A path variable with a pattern, such as {@code {version:v3|r0}}, as the docs write it. */
	private static final Pattern VARIABLE_WITH_PATTERN = Pattern.compile("\\{(\\w+):[^}]*}");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyMappedEndpointIsDocumentedAsImplementedAndEveryImplementedRowIsMapped() throws IOException {
		Set<String> mapped = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String path : info.getPatternValues()) {
				if (!path.startsWith("/_matrix/") && !path.startsWith("/_synapse/") && !path.startsWith("/.well-known/")) {
					continue;
				}
				for (RequestMethod method : methods) {
					mapped.add(method + " " + documented(path));
				}
			}
		}
		Set<String> implemented = new TreeSet<>();
		for (String line : Files.readAllLines(Path.of("..", "docs", "homeserver.md"))) {
			Matcher row = ROW.matcher(line);
			if (row.find() && row.group(3).trim().equals("implemented")) {
				implemented.add(row.group(1) + " " + row.group(2));
			}
		}
		assertThat(mapped).as("mapped endpoints").isNotEmpty();
		Set<String> undocumented = new TreeSet<>(mapped);
		undocumented.removeAll(implemented);
		Set<String> stale = new TreeSet<>(implemented);
		stale.removeAll(mapped);
		assertThat(List.copyOf(undocumented)).as("mapped but not in the endpoint table of docs/homeserver.md")
			.isEmpty();
		assertThat(List.copyOf(stale)).as("in the endpoint table as implemented but not mapped").isEmpty();
	}

	/**
	 * A mapped path as the table writes it: {@code r0} as {@code v3} (the server serves both),
	 * without a trailing slash, and path variables without their patterns.
	 */
	private static String documented(String path) {
		String written = path.replace("{version:v3|r0}", "v3").replace("/_matrix/client/r0/", "/_matrix/client/v3/");
		if (written.endsWith("/")) {
			written = written.substring(0, written.length() - 1);
		}
		return VARIABLE_WITH_PATTERN.matcher(written).replaceAll("{$1}");
	}

}

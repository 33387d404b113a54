package org.modulehost.homeserver.api;

import java.util.Map;

/**
 * A template read by {@link HomeserverModuleApi#readTemplates}, Synapse's Jinja2 template: it is
 * rendered by a Jinja-compatible engine, so the templates of a Synapse module (variables, filters
 * such as {@code |e}, {@code if} and {@code for} blocks, {@code extends} and {@code include}) work
 * unchanged. Thread-safe: one template may be rendered by several threads at once.
 */
@FunctionalInterface
public interface Template {

	/**
	 * Renders the template.
	 * @param context the template's variables by name; values may be strings, numbers, booleans,
	 * maps, lists and records or beans (their properties are read by name)
	 * @return the rendered text; HTML templates ({@code .html}, {@code .htm}, {@code .xml}) escape
	 * the variables they print, as Synapse's templates do
	 * @throws IllegalArgumentException when the template fails to render (an unknown filter, a
	 * syntax error found late)
	 */
	String render(Map<String, ?> context);

}

package org.modulehost.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * An immutable tree of the active mounts and the reserved namespaces, keyed by path segment.
 *
 * <p>A request is routed to the deepest mount whose path is a prefix of the request's decoded
 * path, segment by segment and case-sensitively. It reaches no mount at all when its path lies in
 * a reserved namespace, or when it is not normalised: an empty segment ({@code //}), a {@code .}
 * or {@code ..} segment, a segment that is empty once its {@code ;} parameters are removed, or a
 * segment whose decoded value contains {@code /}, {@code \}, {@code %} (double encoding) or a
 * control character. Such requests are left to the application's own handler mappings.
 *
 * <p>Servlet-independent: Spring MVC's and WebFlux's module handler mappings both route with it.
 *
 * @param <R> the type of the mounted resources
 */
public final class MountTable<R extends MountTable.MountedResource> {

	/** A table with no mounts: it routes nothing. */
	static final MountTable<MountedResource> EMPTY = new MountTable<>(new Node<>());

	private final Node<R> root;

	private MountTable(Node<R> root) {
		this.root = root;
	}

	/**
	 * Builds a table.
	 * @param <R> the type of the mounted resources
	 * @param mounts the active mounts by path
	 * @param reserved the reserved namespaces
	 * @return the table
	 */
	static <R extends MountedResource> MountTable<R> of(Map<String, ? extends R> mounts,
			List<ReservedNamespace> reserved) {
		Node<R> root = new Node<>();
		mounts.forEach((path, mounted) -> root.at(path).mounted = mounted);
		reserved.forEach((namespace) -> root.at(namespace.path()).reserved = true);
		return new MountTable<>(root);
	}

	/**
	 * Finds the mount that receives a request.
	 * @param path the request's path within the application
	 * @return the match, or {@code null} when no module receives the request
	 */
	public @Nullable Match<R> find(PathContainer path) {
		Node<R> node = this.root;
		if (node.reserved) {
			return null;
		}
		R found = node.mounted;
		int foundIndex = -1;
		boolean afterSeparator = false;
		List<PathContainer.Element> elements = path.elements();
		for (int i = 0; i < elements.size(); i++) {
			PathContainer.Element element = elements.get(i);
			if (element instanceof PathContainer.PathSegment segment) {
				afterSeparator = false;
				String value = segment.valueToMatch();
				if (!acceptable(value)) {
					return null;
				}
				if (node != null) {
					node = node.children.get(value);
					if (node != null) {
						if (node.reserved) {
							return null;
						}
						if (node.mounted != null) {
							found = node.mounted;
							foundIndex = i;
						}
					}
				}
			}
			else {
				if (afterSeparator) {
					return null;
				}
				afterSeparator = true;
			}
		}
		return (found != null) ? new Match<>(found, foundIndex) : null;
	}

	private static boolean acceptable(String value) {
		if (value.isEmpty() || value.equals(".") || value.equals("..")) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A resource in the table.
	 */
	public interface MountedResource {

		/**
		 * Returns the module that mounted it.
		 * @return the module's name
		 */
		String module();

		/**
		 * Returns the path it is mounted at.
		 * @return the path
		 */
		String path();

	}

	/**
	 * The mount that receives a request.
	 *
	 * @param <R> the type of the mounted resources
	 * @param resource the mounted resource
	 * @param lastIndex index of the mount path's last segment in the request path's elements, or
	 * {@code -1} for the root
	 */
	public record Match<R extends MountedResource>(R resource, int lastIndex) {

	}

	private static final class Node<R> {

		private final Map<String, Node<R>> children = new HashMap<>();

		@Nullable
		private R mounted;

		private boolean reserved;

		Node<R> at(String path) {
			Node<R> node = this;
			if (!path.equals("/")) {
				for (String segment : path.substring(1).split("/")) {
					node = node.children.computeIfAbsent(segment, (key) -> new Node<>());
				}
			}
			return node;
		}

	}

}

package org.modulehost.web;

/**
 * A path namespace that belongs to the host: no module may register a web resource in it, and no
 * request inside it ever reaches a module.
 *
 * @param path the namespace's root, absolute and normalised
 * @param owner what the namespace belongs to, for error messages
 */
public record ReservedNamespace(String path, String owner) {

}

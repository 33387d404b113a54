package org.modulehost.web;

/**
 * One route of a module's web resource, as the actuator shows it.
 *
 * @param predicate what a request must match, e.g. {@code {GET [/_synapse/client/hello/greet]}}
 * @param handler what handles it
 */
public record WebRoute(String predicate, String handler) {

}

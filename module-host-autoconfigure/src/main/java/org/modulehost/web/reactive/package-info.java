/**
 * Modules' web resources on Spring WebFlux: the reactive handler mapping, one mount per kind
 * ({@code WebHandler}, {@code HttpHandler}, router functions, controllers) and the handler that
 * answers a module's exception as Matrix JSON; active only in a reactive web application.
 */
@NullMarked
package org.modulehost.web.reactive;

import org.jspecify.annotations.NullMarked;

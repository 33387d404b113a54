/**
 * The reference homeserver's API for modules: value types, errors, the {@link HomeserverModuleApi}
 * a module receives when its constructor asks for it, and (in {@code callbacks}) the callback
 * categories the homeserver calls. Stable and documented on every public member.
 */
@NullMarked
package org.modulehost.homeserver.api;

import org.jspecify.annotations.NullMarked;

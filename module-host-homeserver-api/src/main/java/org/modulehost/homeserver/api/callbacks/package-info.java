/**
 * The homeserver's callback categories, Synapse's: each is an interface annotated
 * {@code @CallbackCategory} whose {@code default} methods return the neutral answer. A module
 * overrides the callbacks it cares about and registers the object through
 * {@link org.modulehost.homeserver.api.HomeserverModuleApi}. How several modules' answers combine
 * and what an exception does is declared on each method with {@code @Callback}.
 */
@NullMarked
package org.modulehost.homeserver.api.callbacks;

import org.jspecify.annotations.NullMarked;

/**
 * Background updates: long database jobs (the search index, the user directory) that one
 * instance runs in batches, each batch committed with the update's progress, paced by a
 * {@code background_update_controller} module if there is one.
 */
@NullMarked
package org.modulehost.homeserver.background;

import org.jspecify.annotations.NullMarked;

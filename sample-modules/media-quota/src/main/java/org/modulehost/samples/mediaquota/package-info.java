/**
 * Per-user media quotas through the media repository callbacks.
 */
@NullMarked
package org.modulehost.samples.mediaquota;

import org.jspecify.annotations.NullMarked;

/**
 * The callback registry: generated dispatchers per category, their combining and error rules,
 * timeouts and timers.
 */
@NullMarked
package org.modulehost.callback;

import org.jspecify.annotations.NullMarked;

/**
 * Callback categories: interfaces whose {@code default} methods a module overrides to take part
 * in an operation of the host, and the registry through which hosts call them.
 */
@NullMarked
package org.modulehost.api.callback;

import org.jspecify.annotations.NullMarked;

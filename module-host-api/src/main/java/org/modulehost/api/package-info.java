/**
 * The module author's API: what a module receives ({@link org.modulehost.api.ModuleApi}), how it
 * refuses its configuration ({@link org.modulehost.api.ConfigError}) and how it declares cached
 * functions ({@link org.modulehost.api.Cached}). Everything outside {@code org.modulehost.api}
 * and its sub-packages is internal to the host and may change at any time.
 */
@NullMarked
package org.modulehost.api;

import org.jspecify.annotations.NullMarked;

/**
 * The auto-configuration that loads the modules listed under {@code modules:}, and its
 * {@code modulehost.*} settings.
 */
@NullMarked
package org.modulehost.autoconfigure;

import org.jspecify.annotations.NullMarked;

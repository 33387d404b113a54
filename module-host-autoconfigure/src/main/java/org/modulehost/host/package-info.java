/**
 * The module host: reading {@code modules:}, loading each module with its configuration and
 * {@code ModuleApi}, and what each feature registers for it. Internal: may change at any time.
 */
@NullMarked
package org.modulehost.host;

import org.jspecify.annotations.NullMarked;

/**
 * Sample module: the walk-through module, with a parsed configuration, a web resource and a
 * cached lookup.
 */
@NullMarked
package org.modulehost.samples.hello;

import org.jspecify.annotations.NullMarked;

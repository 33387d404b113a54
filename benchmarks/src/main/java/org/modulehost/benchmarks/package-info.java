/**
 * JMH benchmarks of the starter's hot paths and of the reference homeserver; see {@code benchmarks/README.md}.
 */
@NullMarked
package org.modulehost.benchmarks;

import org.jspecify.annotations.NullMarked;

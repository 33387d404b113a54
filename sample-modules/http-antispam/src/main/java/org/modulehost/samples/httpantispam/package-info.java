/**
 * Sample module: spam checks answered by an HTTP service.
 */
@NullMarked
package org.modulehost.samples.httpantispam;

import org.jspecify.annotations.NullMarked;

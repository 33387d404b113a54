/**
 * A test kit for module authors: {@link org.modulehost.test.ModuleTestHost} boots a real host
 * with the modules and configuration a test gives, and lets the test call callbacks, send HTTP
 * requests and inspect caches; {@link org.modulehost.test.MatrixTestClient} acts as a Matrix
 * user of that host's homeserver over HTTP.
 */
@NullMarked
package org.modulehost.test;

import org.jspecify.annotations.NullMarked;

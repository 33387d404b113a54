/**
 * The homeserver's storage on JDBC (H2 or PostgreSQL): one store per table family, the
 * change notifications between instances, and the caches kept coherent by them.
 */
@NullMarked
package org.modulehost.homeserver.storage;

import org.jspecify.annotations.NullMarked;

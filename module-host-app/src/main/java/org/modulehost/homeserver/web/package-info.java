/**
 * The homeserver's HTTP conventions: JSON bodies, Matrix errors instead of stack traces, and
 * the client information modules see.
 */
@NullMarked
package org.modulehost.homeserver.web;

import org.jspecify.annotations.NullMarked;

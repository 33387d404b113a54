/**
 * Identity servers: the trusted-server allow-list and the HTTP client that talks to them, the
 * bindings users made through the homeserver ({@code /account/3pid/bind}, {@code /unbind}), and
 * the lookups and stored invites of third-party invites.
 */
@NullMarked
package org.modulehost.homeserver.identity;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code shared-secret-auth} sample: a login type whose token is an HMAC of the user ID keyed
 * with a shared secret, optionally also accepted as an {@code m.login.password} password; a port
 * of {@code devture/matrix-synapse-shared-secret-auth}.
 */
@NullMarked
package org.modulehost.samples.sharedsecretauth;

import org.jspecify.annotations.NullMarked;

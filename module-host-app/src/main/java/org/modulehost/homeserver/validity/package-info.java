/**
 * Synapse's legacy account-validity endpoints, served by an account-validity module's
 * {@code onLegacySendMail}, {@code onLegacyRenew} and {@code onLegacyAdminRequest} callbacks.
 */
@NullMarked
package org.modulehost.homeserver.validity;

import org.jspecify.annotations.NullMarked;

/**
 * Users: registration, login and sessions, password auth providers, profiles, account data
 * and the user directory.
 */
@NullMarked
package org.modulehost.homeserver.users;

import org.jspecify.annotations.NullMarked;

/**
 * Synapse's admin API ({@code /_synapse/admin}): accounts, rooms and their deletion, for server
 * administrators only, with Synapse's paths and JSON so that its admin tools work.
 */
@NullMarked
package org.modulehost.homeserver.admin;

import org.jspecify.annotations.NullMarked;

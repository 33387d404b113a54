/**
 * Server-side search, {@code POST /search}: message bodies, room names and topics of the rooms a
 * user is joined to, through the search index.
 */
@NullMarked
package org.modulehost.homeserver.search;

import org.jspecify.annotations.NullMarked;

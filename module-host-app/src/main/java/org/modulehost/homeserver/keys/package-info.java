/**
 * End-to-end encryption: the keys API ({@code /keys/upload}, {@code /keys/query},
 * {@code /keys/claim}, {@code /keys/changes}), to-device messages ({@code /sendToDevice}) and
 * what devices signing in and out change. The server stores and forwards; it never decrypts.
 */
@NullMarked
package org.modulehost.homeserver.keys;

import org.jspecify.annotations.NullMarked;

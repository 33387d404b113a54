package org.modulehost.homeserver.storage;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Event;

/**
 * An event with where it sits in the stream and the transaction that sent it.
 *
 * @param streamOrdering the event's stream position
 * @param event the event
 * @param deviceId the device that sent it through {@code /send}, if any
 * @param txnId the client's transaction ID, if any
 */
public record StoredEvent(long streamOrdering, Event event, @Nullable String deviceId, @Nullable String txnId) {

}

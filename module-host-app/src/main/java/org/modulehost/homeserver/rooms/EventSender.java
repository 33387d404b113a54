package org.modulehost.homeserver.rooms;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.storage.ClientTransaction;
import org.modulehost.homeserver.storage.EventWriter.PendingEvent;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;

/**
 * Sends events other than memberships, as Synapse's {@code create_and_send_nonmember_event}:
 * client {@code /send}, {@code /state} and {@code /redact}, and events modules send. In order:
 * the client's transaction (a repeat answers the earlier event), the authorisation rules
 * (for a redaction, however it is sent, also {@link Redaction#authorise}), shadow-bans, the
 * message rate limit, {@code checkEventAllowed} (which may replace the content),
 * {@code checkEventForSpam}, then the store; a stored redaction is then applied.
 */
public final class EventSender {

	private final RoomEvents events;

	private final Accounts accounts;

	private final Callbacks callbacks;

	private final Ratelimiter messages;

	EventSender(RoomEvents events, Accounts accounts, Callbacks callbacks, Ratelimiter messages) {
		this.events = events;
		this.accounts = accounts;
		this.callbacks = callbacks;
		this.messages = messages;
	}

	/**
	 * Sends an event.
	 * @param request what to send
	 * @return the stored event, or {@code null} when a shadow-banned user's event was dropped
	 * (its answer is a made-up event ID)
	 * @throws MatrixError when the event is refused
	 */
	public @Nullable StoredEvent send(SendRequest request) {
		if (!Identifiers.isValidRoomId(request.roomId())) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Invalid room ID: " + request.roomId());
		}
		if (RoomEvents.MEMBER.equals(request.type())) {
			throw new MatrixError(400, Codes.BAD_JSON, "Membership events are sent through the membership API");
		}
		if (request.transaction() != null) {
			String earlier = this.events.reader().transactionEvent(request.transaction());
			if (earlier != null) {
				return this.events.reader().event(earlier).orElseThrow();
			}
		}
		Map<StateKey, Event> state = this.events.states().currentState(request.roomId());
		Event redacted = Redaction.TYPE.equals(request.type()) ? Redaction.authorise(draft(request), state,
				(eventId) -> this.events.reader().event(eventId).map(StoredEvent::event).orElse(null)) : null;
		EventAuth.check(draft(request), state);
		if (request.fromClient() && this.accounts.isShadowBanned(request.sender())) {
			return null;
		}
		if (request.fromClient()) {
			this.messages.check(request.sender());
		}
		Event event = this.events.build(request.roomId(), request.sender(), request.type(), request.stateKey(),
				request.content(), state);
		SpamCheck spam = Await.callback(this.callbacks.spamChecker().checkEventForSpam(event), "checkEventForSpam");
		if (spam != null && !spam.isNotSpam()) {
			throw new MatrixError(403, spam.errcode(), "This message has been rejected as probable spam",
					spam.additionalFields());
		}
		StoredEvent stored = this.events
			.persist(null, List.of(new PendingEvent(event, request.deviceId(), request.txnId(), request.transaction())))
			.get(0);
		if (redacted != null && stored.event().eventId().equals(event.eventId())) {
			this.events.writer().redact(redacted.eventId(), Redaction.prune(redacted, roomVersion(state)), stored.event());
		}
		return stored;
	}

	private static String roomVersion(Map<StateKey, Event> state) {
		Event create = state.get(new StateKey(RoomEvents.CREATE, ""));
		Object version = (create != null) ? create.content().get("room_version") : null;
		return (version instanceof String text) ? text : RoomCreation.ROOM_VERSION;
	}

	/**
	 * Redacts an event: sends an {@code m.room.redaction} naming it in {@code redacts}, which
	 * {@link #send} authorises and applies as it does every redaction.
	 * @param request the redaction event to send; its content names the event in {@code redacts}
	 * @return the stored redaction, or {@code null} for a shadow-banned user
	 * @throws MatrixError 404 when the event is not in the room, 403 without the power to redact
	 */
	public @Nullable StoredEvent redact(SendRequest request) {
		return send(request);
	}

	private static Event draft(SendRequest request) {
		return new Event("$draft", request.roomId(), request.sender(), request.type(), request.stateKey(),
				request.content(), 0, Map.of());
	}

	/**
	 * Makes up the event ID a shadow-banned user sees for an event that was dropped.
	 * @return an event ID no event has
	 */
	public static String fakeEventId() {
		return Identifiers.newEventId();
	}

	/**
	 * An event to send.
	 *
	 * @param sender the sender
	 * @param roomId the room
	 * @param type the event type
	 * @param stateKey the state key, {@code null} for a message-like event
	 * @param content the content
	 * @param deviceId the sending device, for the transaction
	 * @param txnId the client's transaction ID, or {@code null}
	 * @param fromClient {@code true} for a client's request (rate-limited, shadow-bans apply),
	 * {@code false} for a module's
	 * @param endpoint the endpoint below the room that scopes the transaction ID, e.g.
	 * {@code send/m.room.message} or {@code redact/$event}
	 */
	public record SendRequest(String sender, String roomId, String type, @Nullable String stateKey,
			Map<String, Object> content, @Nullable String deviceId, @Nullable String txnId, boolean fromClient,
			String endpoint) {

		/**
		 * An event sent through {@code /send/{type}} (or without a transaction).
		 * @param sender the sender
		 * @param roomId the room
		 * @param type the event type
		 * @param stateKey the state key, {@code null} for a message-like event
		 * @param content the content
		 * @param deviceId the sending device, for the transaction
		 * @param txnId the client's transaction ID, or {@code null}
		 * @param fromClient {@code true} for a client's request, {@code false} for a module's
		 */
		public SendRequest(String sender, String roomId, String type, @Nullable String stateKey,
				Map<String, Object> content, @Nullable String deviceId, @Nullable String txnId, boolean fromClient) {
			this(sender, roomId, type, stateKey, content, deviceId, txnId, fromClient, "send/" + type);
		}

		/**
		 * Returns the client transaction the event is sent in: the device, the endpoint and room,
		 * and the transaction ID.
		 * @return the transaction, or {@code null} without a transaction ID or a device
		 */
		public @Nullable ClientTransaction transaction() {
			if (this.txnId == null || this.deviceId == null) {
				return null;
			}
			return new ClientTransaction(this.sender, this.deviceId, "/rooms/" + this.roomId + "/" + this.endpoint,
					this.txnId);
		}

	}

}

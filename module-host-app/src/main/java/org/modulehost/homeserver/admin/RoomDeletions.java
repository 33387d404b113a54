package org.modulehost.homeserver.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Requester;
import org.modulehost.homeserver.api.RoomShutdownResult;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.rooms.EventSender;
import org.modulehost.homeserver.rooms.Memberships;
import org.modulehost.homeserver.rooms.RoomCreation;
import org.modulehost.homeserver.storage.AliasStore;
import org.modulehost.homeserver.storage.RoomAdminStore;
import org.modulehost.homeserver.storage.RoomDeletionStore;
import org.modulehost.homeserver.storage.RoomDeletionStore.Deletion;
import org.modulehost.homeserver.storage.RoomPurger;
import org.modulehost.homeserver.storage.RoomStateCache;
import org.modulehost.homeserver.storage.RoomStore;
import org.modulehost.homeserver.storage.StoredEvent;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.modulehost.homeserver.support.Identifiers;
import org.modulehost.homeserver.users.Accounts;
import org.springframework.beans.factory.DisposableBean;

/**
 * Deletes rooms in the background, as Synapse's {@code shutdown_and_purge_room}:
 * {@code checkCanShutdownRoom} is asked when the deletion is requested (403 when a module
 * refuses); then, on one worker thread, the room is blocked if asked, the replacement room made
 * if {@code new_room_user_id} is given (public, named {@code room_name}, {@code users_default}
 * -10, with {@code message} sent into it), every local member, invitee and knocker leaves and
 * forgets the room (the members join the replacement room), the local aliases move to the
 * replacement room (or are removed without one), the room leaves the directory and, with
 * {@code purge}, its events and state are removed from the database. The status and what was
 * done so far are written after each step; a deletion a restart interrupted is resumed at
 * start-up. A deletion without {@code purge} that could not remove every local member ends
 * {@code failed}, never {@code complete} with members left in the room.
 */
public final class RoomDeletions implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RoomDeletions.class);

	static final String DEFAULT_ROOM_NAME = "Content Violation Notification";

	static final String DEFAULT_MESSAGE = "Sharing illegal content on this server is not permitted and rooms in"
			+ " violation will be blocked.";

	private final RoomDeletionStore store;

	private final Services services;

	private final Callbacks callbacks;

	private final Clock clock;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "homeserver-room-deletions");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, CompletableFuture<RoomShutdownResult>> waiting = new ConcurrentHashMap<>();

	/** Set when the server stops: a deletion cut short then stays active, to resume at the next start. */
	private volatile boolean stopping;

	/**
	 * Creates the service.
	 * @param store the deletions' status
	 * @param services what a deletion uses
	 * @param callbacks the callback dispatchers
	 * @param clock the clock
	 */
	public RoomDeletions(RoomDeletionStore store, Services services, Callbacks callbacks, Clock clock) {
		this.store = store;
		this.services = services;
		this.callbacks = callbacks;
		this.clock = clock;
	}

	/**
	 * Asks for a room's deletion, to run in the background.
	 * @param roomId the room
	 * @param params what the deletion does
	 * @param requester the administrator who asks, or {@code null} for a module
	 * @return the deletion's ID
	 * @throws MatrixError 400 for a bad room ID or a {@code new_room_user_id} of another server,
	 * 403 {@code M_FORBIDDEN} when a module refuses, 400 with {@code delete_id} when a deletion of
	 * the room is already scheduled or running
	 */
	public String start(String roomId, Params params, @Nullable String requester) {
		if (!Identifiers.isValidRoomId(roomId)) {
			throw new MatrixError(400, Codes.INVALID_PARAM, roomId + " is not a legal room ID");
		}
		if (params.newRoomUserId() != null && !this.services.accounts().isMine(params.newRoomUserId())) {
			throw new MatrixError(400, Codes.UNKNOWN, "User must be our own: " + params.newRoomUserId());
		}
		Boolean allowed = Await.callback(this.callbacks.thirdPartyRules().checkCanShutdownRoom(requester, roomId),
				"checkCanShutdownRoom");
		if (Boolean.FALSE.equals(allowed)) {
			throw new MatrixError(403, Codes.FORBIDDEN, "Shutdown of this room is forbidden");
		}
		String deleteId = Identifiers.newSecret("");
		Deletion deletion = new Deletion(deleteId, roomId, RoomDeletionStore.SCHEDULED, requester, params.toJson(), null,
				null, this.clock.millis());
		Optional<Deletion> running = this.store.schedule(deletion);
		if (running.isPresent()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Purge already in progress for " + roomId,
					Map.of("delete_id", running.get().deleteId()));
		}
		logger.info("Scheduled deletion " + deleteId + " of " + roomId + (requester != null ? " by " + requester : ""));
		this.worker.execute(() -> run(deletion));
		return deleteId;
	}

	/**
	 * Deletes a room for a module, as Synapse's {@code ModuleApi.delete_room}, without a
	 * replacement room.
	 * @param roomId the room
	 * @param requester the user the module acts for, or {@code null}
	 * @param purge whether the room is removed from the database
	 * @return a stage of what the deletion did, completed when it finished; completed
	 * exceptionally with a {@link MatrixError} when it is refused or fails
	 */
	public CompletionStage<RoomShutdownResult> delete(String roomId, @Nullable String requester, boolean purge) {
		CompletableFuture<RoomShutdownResult> done = new CompletableFuture<>();
		try {
			// Registered before the deletion may finish, under the ID it will get.
			String deleteId = startWaiting(roomId, new Params(null, null, null, false, purge), requester, done);
			logger.debug("Module deletion " + deleteId + " of " + roomId);
		}
		catch (RuntimeException ex) {
			done.completeExceptionally(ex);
		}
		return done;
	}

	private String startWaiting(String roomId, Params params, @Nullable String requester,
			CompletableFuture<RoomShutdownResult> done) {
		synchronized (this.waiting) {
			String deleteId = start(roomId, params, requester);
			this.waiting.put(deleteId, done);
			return deleteId;
		}
	}

	/**
	 * Resumes the deletions a restart interrupted, and runs those that never started.
	 */
	public void resume() {
		for (Deletion deletion : this.store.unfinished()) {
			logger.info("Resuming deletion " + deletion.deleteId() + " of " + deletion.roomId());
			this.worker.execute(() -> run(deletion));
		}
	}

	/**
	 * Reads a deletion.
	 * @param deleteId the deletion
	 * @return the deletion, or empty
	 */
	Optional<Deletion> deletion(String deleteId) {
		return this.store.deletion(deleteId);
	}

	/**
	 * Lists the deletions of a room.
	 * @param roomId the room
	 * @return the deletions, oldest first
	 */
	List<Deletion> ofRoom(String roomId) {
		return this.store.ofRoom(roomId);
	}

	@SuppressWarnings("unchecked")
	private void run(Deletion deletion) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("kicked_users", new ArrayList<>());
		result.put("failed_to_kick_users", new ArrayList<>());
		result.put("local_aliases", new ArrayList<>());
		result.put("new_room_id", null);
		if (deletion.result() != null) {
			deletion.result().forEach((key, value) -> result.put(key,
					(value instanceof List<?> list) ? new ArrayList<>(list) : value));
		}
		String deleteId = deletion.deleteId();
		Params params = Params.of(deletion.params());
		try {
			this.store.update(deleteId, RoomDeletionStore.ACTIVE, result, null);
			shutDown(deletion, params, result);
			this.store.update(deleteId, RoomDeletionStore.COMPLETE, result, null);
			logger.info("Deletion " + deleteId + " of " + deletion.roomId() + " complete");
			finished(deleteId, toResult(result), null);
		}
		catch (RuntimeException ex) {
			if (this.stopping) {
				logger.info("Deletion " + deleteId + " of " + deletion.roomId() + " stopped with the server; it "
						+ "resumes at the next start");
				return;
			}
			logger.warn("Deletion " + deleteId + " of " + deletion.roomId() + " failed", ex);
			String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			this.store.update(deleteId, RoomDeletionStore.FAILED, result, error);
			finished(deleteId, null, (Await.matrixError(ex) != null) ? ex : new MatrixError(500, Codes.UNKNOWN, error));
		}
	}

	private void finished(String deleteId, @Nullable RoomShutdownResult result, @Nullable RuntimeException failure) {
		CompletableFuture<RoomShutdownResult> done;
		synchronized (this.waiting) {
			done = this.waiting.remove(deleteId);
		}
		if (done != null) {
			if (failure != null) {
				done.completeExceptionally(failure);
			}
			else {
				done.complete(result);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void shutDown(Deletion deletion, Params params, Map<String, Object> result) {
		String roomId = deletion.roomId();
		String requester = deletion.requester();
		Services s = this.services;
		if (params.block()) {
			s.admin().block(roomId, requester);
		}
		if (s.rooms().room(roomId).isEmpty()) {
			return;
		}
		String newRoomUserId = params.newRoomUserId();
		String newRoomId = (String) result.get("new_room_id");
		if (newRoomUserId != null && newRoomId == null) {
			Map<String, Object> config = new LinkedHashMap<>();
			config.put("preset", "public_chat");
			config.put("name", (params.roomName() != null) ? params.roomName() : DEFAULT_ROOM_NAME);
			config.put("power_level_content_override", Map.of("users_default", -10));
			newRoomId = s.creation().create(new Requester(newRoomUserId, null, false), config, false).roomId();
			result.put("new_room_id", newRoomId);
			this.store.update(deletion.deleteId(), RoomDeletionStore.ACTIVE, result, null);
		}
		List<String> kicked = (List<String>) result.get("kicked_users");
		List<String> failed = (List<String>) result.get("failed_to_kick_users");
		for (Map.Entry<String, String> member : localMembers(roomId).entrySet()) {
			String userId = member.getKey();
			try {
				StoredEvent left = s.memberships().update(new Memberships.MembershipRequest(userId, userId, roomId,
						"leave", Map.of(), null, false, false));
				if (left != null) {
					s.rooms().forget(userId, roomId, left.event().eventId());
				}
				if (newRoomId != null && "join".equals(member.getValue())) {
					s.memberships().update(new Memberships.MembershipRequest(userId, userId, newRoomId, "join",
							Map.of(), null, false, false));
				}
				if (!kicked.contains(userId)) {
					kicked.add(userId);
				}
				failed.remove(userId);
			}
			catch (RuntimeException ex) {
				logger.warn("Deletion of " + roomId + " could not remove " + userId, ex);
				if (!failed.contains(userId)) {
					failed.add(userId);
				}
			}
			this.store.update(deletion.deleteId(), RoomDeletionStore.ACTIVE, result, null);
		}
		if (newRoomUserId != null && newRoomId != null) {
			s.sender().send(new EventSender.SendRequest(newRoomUserId, newRoomId, "m.room.message", null,
					Map.of("msgtype", "m.text", "body", (params.message() != null) ? params.message() : DEFAULT_MESSAGE),
					null, null, false));
			List<String> aliases = s.aliases().aliasesOf(roomId);
			s.aliases().moveAliases(roomId, newRoomId);
			mergeAliases(result, aliases);
		}
		else {
			mergeAliases(result, s.aliases().deleteAliasesOf(roomId));
		}
		this.store.update(deletion.deleteId(), RoomDeletionStore.ACTIVE, result, null);
		s.rooms().setPublic(roomId, false);
		if (params.purge()) {
			s.purger().purge(roomId);
			return;
		}
		List<String> remaining = new ArrayList<>(localMembers(roomId).keySet());
		if (!remaining.isEmpty()) {
			throw new IllegalStateException(remaining.size() + " local members could not be removed: " + remaining);
		}
	}

	@SuppressWarnings("unchecked")
	private static void mergeAliases(Map<String, Object> result, List<String> aliases) {
		List<String> known = (List<String>) result.get("local_aliases");
		aliases.stream().filter((alias) -> !known.contains(alias)).forEach(known::add);
	}

	/** The local users joined to, invited to or knocking at a room, with their membership. */
	private Map<String, String> localMembers(String roomId) {
		Map<String, String> members = new LinkedHashMap<>();
		for (Map.Entry<StateKey, Event> entry : this.services.states().currentState(roomId).entrySet()) {
			if (!"m.room.member".equals(entry.getKey().type())
					|| !this.services.accounts().isMine(entry.getKey().stateKey())) {
				continue;
			}
			Object membership = entry.getValue().content().get("membership");
			if ("join".equals(membership) || "invite".equals(membership) || "knock".equals(membership)) {
				members.put(entry.getKey().stateKey(), (String) membership);
			}
		}
		return members;
	}

	/**
	 * Turns the stored {@code shutdown_room} into the module API's value.
	 * @param result the stored result
	 * @return the value
	 */
	@SuppressWarnings("unchecked")
	static RoomShutdownResult toResult(Map<String, Object> result) {
		return new RoomShutdownResult((List<String>) result.getOrDefault("kicked_users", List.of()),
				(List<String>) result.getOrDefault("failed_to_kick_users", List.of()),
				(List<String>) result.getOrDefault("local_aliases", List.of()), (String) result.get("new_room_id"));
	}

	@Override
	public void destroy() {
		// A deletion cut short stays "active" in the database and is resumed at the next start.
		this.stopping = true;
		this.worker.shutdownNow();
	}

	/**
	 * What a deletion does.
	 *
	 * @param newRoomUserId the local user who makes the replacement room, or {@code null} for none
	 * @param roomName the replacement room's name, or {@code null} for Synapse's default
	 * @param message the message sent into the replacement room, or {@code null} for Synapse's
	 * default
	 * @param block whether local users may never join the room again
	 * @param purge whether the room is removed from the database
	 */
	public record Params(@Nullable String newRoomUserId, @Nullable String roomName, @Nullable String message,
			boolean block, boolean purge) {

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("new_room_user_id", this.newRoomUserId);
			json.put("room_name", this.roomName);
			json.put("message", this.message);
			json.put("block", this.block);
			json.put("purge", this.purge);
			return json;
		}

		static Params of(Map<String, Object> json) {
			return new Params((String) json.get("new_room_user_id"), (String) json.get("room_name"),
					(String) json.get("message"), Boolean.TRUE.equals(json.get("block")),
					!Boolean.FALSE.equals(json.get("purge")));
		}

	}

	/**
	 * What a deletion uses.
	 *
	 * @param accounts the accounts
	 * @param rooms the rooms
	 * @param states the rooms' current state
	 * @param admin the blocked rooms
	 * @param memberships the membership changes
	 * @param creation the room creation, for the replacement room
	 * @param sender the event sender, for the message in the replacement room
	 * @param aliases the room aliases
	 * @param purger removes rooms from the database
	 */
	public record Services(Accounts accounts, RoomStore rooms, RoomStateCache states, RoomAdminStore admin,
			Memberships memberships, RoomCreation creation, EventSender sender, AliasStore aliases,
			RoomPurger purger) {

	}

}

package org.modulehost.homeserver.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.ModuleApi;
import org.modulehost.homeserver.api.callbacks.AccountDataCallbacks;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.BackgroundUpdateControllerCallbacks;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.api.callbacks.PresenceRouterCallbacks;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The homeserver's API for modules, Synapse's {@code ModuleApi}: a module receives it when the
 * second parameter of its constructor is this type. One instance per module; every
 * {@link ModuleApi} method behaves as documented there.
 *
 * <p>Methods returning a {@link CompletionStage} complete it exceptionally with a
 * {@link MatrixError} when the homeserver refuses the action (for example 403 when an event is
 * not allowed, 404 for an unknown room); they may be called from any thread, including from
 * inside a callback. The {@code register…Callbacks} methods are shorthands for
 * {@link #registerCallbacks(Class, Object)} and, like it, may be called only while the module's
 * constructor runs.
 */
public interface HomeserverModuleApi extends ModuleApi {

	/**
	 * Returns the server name, the part after the colon in this server's user IDs.
	 * @return the server name, e.g. {@code example.org}
	 */
	String serverName();

	/**
	 * Tells whether a user ID, room ID or room alias belongs to this server, as Synapse's
	 * {@code is_mine} with a string.
	 * @param userIdRoomIdOrAlias {@code @localpart:server}, {@code !opaque:server} or
	 * {@code #alias:server}
	 * @return whether its server name is this server's ({@code false} for anything else)
	 */
	boolean isMine(String userIdRoomIdOrAlias);

	/**
	 * Turns a localpart into a user ID of this server; a full user ID is returned unchanged.
	 * @param localpartOrUserId {@code alice} or {@code @alice:server}
	 * @return the user ID, e.g. {@code @alice:example.org}
	 */
	String getQualifiedUserId(String localpartOrUserId);

	/**
	 * Looks a local user up, ignoring case, as Synapse's {@code check_user_exists}.
	 * @param userId the user ID, in any case
	 * @return a stage of the user's canonical ID, or empty when there is no such user
	 */
	CompletionStage<Optional<String>> checkUserExists(String userId);

	/**
	 * Reads what the homeserver knows about a local user.
	 * @param userId the user ID
	 * @return a stage of the information, or empty when there is no such user
	 */
	CompletionStage<Optional<UserInfo>> getUserInfoById(String userId);

	/**
	 * Tells whether a user is a server administrator.
	 * @param userId the user ID
	 * @return a stage of {@code true} for an administrator, {@code false} otherwise (also for
	 * unknown users)
	 */
	CompletionStage<Boolean> isUserAdmin(String userId);

	/**
	 * Creates a local user without a password (the module authenticates it, e.g. through an
	 * {@link AuthChecker}). Calls {@code AccountValidityCallbacks.onUserRegistration}.
	 * @param localpart the localpart of the new user ID
	 * @param displayName the initial display name, or {@code null} for the localpart
	 * @param admin whether the user is a server administrator
	 * @return a stage of the new user ID; completed exceptionally with a {@link MatrixError}
	 * ({@code M_USER_IN_USE}, {@code M_INVALID_USERNAME}) when it cannot be created
	 */
	CompletionStage<String> registerUser(String localpart, @Nullable String displayName, boolean admin);

	/**
	 * Creates a local user without a password, as {@link #registerUser(String, String, boolean)},
	 * with e-mail addresses already validated by the module (Synapse's {@code register_user} with
	 * {@code emails}): each is stored as the user's third-party identifier, and
	 * {@code ThirdPartyRulesCallbacks.onAddUserThirdPartyIdentifier} hears about it.
	 * @param localpart the localpart of the new user ID
	 * @param displayName the initial display name, or {@code null} for the localpart
	 * @param admin whether the user is a server administrator
	 * @param emails the user's e-mail addresses, empty for none
	 * @return a stage of the new user ID; completed exceptionally with a {@link MatrixError}
	 * ({@code M_USER_IN_USE}, {@code M_INVALID_USERNAME}, {@code M_THREEPID_IN_USE},
	 * {@code M_INVALID_PARAM} for an address that is not one) when it cannot be created, and then
	 * nothing is stored
	 */
	CompletionStage<String> registerUser(String localpart, @Nullable String displayName, boolean admin,
			List<String> emails);

	/**
	 * Authenticates a request to a module's web resource by its access token (the
	 * {@code Authorization: Bearer} header or the {@code access_token} query parameter), as the
	 * homeserver's own endpoints do, including the account-validity check.
	 * @param request the request
	 * @return a stage of who made it; completed exceptionally with a {@link MatrixError} 401
	 * ({@code M_MISSING_TOKEN}, {@code M_UNKNOWN_TOKEN}) when it is not authenticated, or 403
	 * {@code ORG_MATRIX_EXPIRED_ACCOUNT} when the account expired
	 */
	CompletionStage<Requester> getUserByRequest(HttpServletRequest request);

	/**
	 * Authenticates a request like {@link #getUserByRequest(HttpServletRequest)}, optionally
	 * accepting an account a module says expired, as Synapse's
	 * {@code get_user_by_req(allow_expired=True)}: a module's renewal endpoint lets an expired
	 * user in.
	 * @param request the request
	 * @param allowExpired whether an expired account is accepted
	 * @return a stage of who made it; completed exceptionally with a {@link MatrixError} 401 when
	 * it is not authenticated, or 403 {@code ORG_MATRIX_EXPIRED_ACCOUNT} when the account expired
	 * and {@code allowExpired} is false
	 */
	CompletionStage<Requester> getUserByRequest(HttpServletRequest request, boolean allowExpired);

	/**
	 * Reads a room's current state.
	 * @param roomId the room
	 * @return a stage of the state; completed exceptionally with a {@link MatrixError} 404 for an
	 * unknown room
	 */
	CompletionStage<Map<StateKey, Event>> getRoomState(String roomId);

	/**
	 * Changes a user's membership of a room, through the same checks as a client's request
	 * (power levels, join rules, spam checks, third-party rules), without rate limiting.
	 * @param sender the local user making the change
	 * @param target the user whose membership changes (equal to {@code sender} for joins and
	 * leaves)
	 * @param roomId the room
	 * @param membership {@code invite}, {@code join}, {@code leave} or {@code ban}
	 * @param content extra content of the membership event, e.g. a {@code reason}
	 * @return a stage of the membership event that was stored
	 */
	CompletionStage<Event> updateRoomMembership(String sender, String target, String roomId, String membership,
			Map<String, Object> content);

	/**
	 * Builds an event and sends it into a room, through the same checks as a client's send
	 * (power levels, {@code checkEventForSpam}, {@code checkEventAllowed}), without rate limiting.
	 * Membership events go through {@link #updateRoomMembership}.
	 * @param eventDict {@code type}, {@code room_id}, {@code sender}, {@code content} and, for a
	 * state event, {@code state_key}
	 * @return a stage of the event that was stored
	 */
	CompletionStage<Event> createAndSendEventIntoRoom(Map<String, Object> eventDict);

	/**
	 * Creates a room for a user, as {@code POST /createRoom} does (with its callbacks), without
	 * rate limiting.
	 * @param userId the local user who creates the room
	 * @param config the request body of {@code /createRoom}: {@code name}, {@code topic},
	 * {@code preset}, {@code visibility}, {@code invite}, {@code room_alias_name},
	 * {@code initial_state}, {@code power_level_content_override}
	 * @return a stage of the new room's ID
	 */
	CompletionStage<String> createRoom(String userId, Map<String, Object> config);

	/**
	 * Reads a user's global profile.
	 * @param userId a local user
	 * @return a stage of the profile; completed exceptionally with a {@link MatrixError} 404 for
	 * an unknown user
	 */
	CompletionStage<ProfileInfo> getProfileForUser(String userId);

	/**
	 * Sets a local user's display name, as an administrator would, updating their membership in
	 * every room they joined and calling {@code ThirdPartyRulesCallbacks.onProfileUpdate}.
	 * @param userId a local user
	 * @param displayName the new display name
	 * @return a stage completed once the change is stored
	 */
	CompletionStage<Void> setDisplayname(String userId, String displayName);

	/**
	 * Returns the manager of users' global account data.
	 * @return the manager
	 */
	AccountDataManager accountDataManager();

	/**
	 * Runs work against the homeserver's database in one transaction, on a worker thread; modules
	 * keep their own tables this way (prefix their names with the module's name). The
	 * transaction commits when {@code work} returns and rolls back when it throws.
	 * @param <T> the result type
	 * @param description what the work does, for logs
	 * @param work the work; it uses the given client only on the thread it is called on
	 * @return a stage of the work's result
	 */
	<T> CompletionStage<T> runDbInteraction(String description, Function<JdbcClient, T> work);

	/**
	 * Returns the homeserver's clock, as used for event timestamps.
	 * @return milliseconds since the epoch
	 */
	long currentTimeMillis();

	/**
	 * Returns the URL clients reach this server's client API at, as Synapse's
	 * {@code public_baseurl}: {@code homeserver.public-baseurl}, or
	 * {@code http://localhost:<port>/} when it is not set; always ends with {@code /}.
	 * @return the URL
	 */
	String publicBaseurl();

	/**
	 * Returns the worker application this process runs as, Synapse's {@code worker_app}. This
	 * homeserver has no workers: every instance is a whole server, so the answer is always
	 * {@code null}, as on Synapse's main process.
	 * @return {@code null}
	 */
	@Nullable String workerApp();

	/**
	 * Reads a room's current state, or part of it, as Synapse's
	 * {@code get_state_events_in_room}.
	 * @param roomId the room
	 * @param filter the state entries wanted, or {@code null} for all of them
	 * @return a stage of the entries found; completed exceptionally with a {@link MatrixError}
	 * 404 for an unknown room
	 */
	CompletionStage<Map<StateKey, Event>> getStateEventsInRoom(String roomId, @Nullable Collection<StateKey> filter);

	/**
	 * Resolves a room alias of this server, as Synapse's {@code lookup_room_alias}.
	 * @param roomAlias the alias, {@code #alias:server}
	 * @return a stage of the room ID, or empty for an unknown alias or another server's;
	 * completed exceptionally with a {@link MatrixError} 400 {@code M_INVALID_PARAM} for
	 * something that is not an alias
	 */
	CompletionStage<Optional<String>> lookupRoomAlias(String roomAlias);

	/**
	 * Reads the alias in a room's {@code m.room.canonical_alias} state, as Synapse's
	 * {@code get_canonical_room_alias}.
	 * @param roomId the room
	 * @return a stage of the alias, or empty when the room has none (or is unknown)
	 */
	CompletionStage<Optional<String>> getCanonicalRoomAlias(String roomId);

	/**
	 * Creates a device for a local user and issues an access token for it, as Synapse's
	 * {@code register_device}; no login callback is called.
	 * @param userId the user
	 * @param deviceId the device, or {@code null} for a new one
	 * @param initialDisplayName the device's display name, or {@code null}
	 * @return a stage of the user, the new access token and the device; completed exceptionally
	 * with a {@link MatrixError} 404 for an unknown user
	 */
	CompletionStage<LoginResponse> registerDevice(String userId, @Nullable String deviceId,
			@Nullable String initialDisplayName);

	/**
	 * Logs the device of an access token out, as Synapse's {@code invalidate_access_token}:
	 * its tokens and the device are deleted and {@code onLoggedOut} is called.
	 * @param accessToken the access token, as clients present it
	 * @return a stage completed once it is invalid; completed exceptionally with a
	 * {@link MatrixError} 401 {@code M_UNKNOWN_TOKEN} for a token that is not valid
	 */
	CompletionStage<Void> invalidateAccessToken(String accessToken);

	/**
	 * Makes a local user a server administrator or not, as Synapse's {@code set_user_admin}.
	 * @param userId the user
	 * @param admin whether the user is an administrator
	 * @return a stage completed once it is stored; completed exceptionally with a
	 * {@link MatrixError} 404 for an unknown user
	 */
	CompletionStage<Void> setUserAdmin(String userId, boolean admin);

	/**
	 * Checks that a localpart may be registered, as Synapse's {@code check_username}.
	 * @param localpart the localpart
	 * @return a stage completed when it is valid and free; completed exceptionally with a
	 * {@link MatrixError} 400 {@code M_INVALID_USERNAME} or {@code M_USER_IN_USE} otherwise
	 */
	CompletionStage<Void> checkUsername(String localpart);

	/**
	 * Makes a login token for a local user, as Synapse's {@code create_login_token}: a client
	 * logs in with it once through {@code POST /login} with {@code type} {@code m.login.token}
	 * and {@code token}, within its validity.
	 * @param userId the user
	 * @param validity how long the token may be used (Synapse's default is two minutes)
	 * @param authProviderId the identity provider the module logged the user in with, or
	 * {@code null}; stored with the token
	 * @return a stage of the token; completed exceptionally with a {@link MatrixError} 404 for
	 * an unknown user
	 */
	CompletionStage<String> createLoginToken(String userId, Duration validity, @Nullable String authProviderId);

	/**
	 * Lists the client addresses and user agents a local user's requests came from, newest
	 * first, as Synapse's {@code get_user_ip_and_agents}. Each access token's address and agent
	 * is written at most once a minute, so {@code lastSeenTs} may be up to a minute old.
	 * @param userId the user
	 * @param sinceTs only those seen at or after this time (milliseconds since the epoch; 0 for
	 * all)
	 * @return a stage of the entries, empty for a user of another server
	 */
	CompletionStage<List<UserIpAndAgent>> getUserIpAndAgents(String userId, long sinceTs);

	/**
	 * Runs blocking work on an executor of the module's choice, as Synapse's
	 * {@code defer_to_threadpool}.
	 * @param <T> the result type
	 * @param executor where the work runs
	 * @param work the work
	 * @return a stage of its result; completed exceptionally with what it threw
	 */
	<T> CompletionStage<T> deferToThreadpool(Executor executor, Callable<T> work);

	/**
	 * Deletes a room as the room delete admin API does without a replacement room, as
	 * Synapse's {@code delete_room}: {@code checkCanShutdownRoom} first, then in the background
	 * every local member leaves, the local aliases are removed and, with {@code purge}, the room
	 * is removed from the database.
	 * @param roomId the room
	 * @param requesterUserId the user the module acts for, given to
	 * {@code checkCanShutdownRoom}, or {@code null}
	 * @param purge whether the room is removed from the database
	 * @return a stage of what was done, completed when the deletion finished; completed
	 * exceptionally with a {@link MatrixError}: 403 when a module refuses, 400 (with
	 * {@code delete_id}) when a deletion of the room runs already, 500 when it failed
	 */
	CompletionStage<RoomShutdownResult> deleteRoom(String roomId, @Nullable String requesterUserId, boolean purge);

	/**
	 * Returns the manager of the room directory.
	 * @return the manager
	 */
	PublicRoomListManager publicRoomListManager();

	/**
	 * Registers spam-checker callbacks; the same as
	 * {@code registerCallbacks(SpamCheckerCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerSpamCheckerCallbacks(SpamCheckerCallbacks callbacks);

	/**
	 * Registers third-party event rules callbacks; the same as
	 * {@code registerCallbacks(ThirdPartyRulesCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerThirdPartyRulesCallbacks(ThirdPartyRulesCallbacks callbacks);

	/**
	 * Registers account-validity callbacks; the same as
	 * {@code registerCallbacks(AccountValidityCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerAccountValidityCallbacks(AccountValidityCallbacks callbacks);

	/**
	 * Registers password auth provider callbacks; the same as
	 * {@code registerCallbacks(PasswordAuthProviderCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerPasswordAuthProviderCallbacks(PasswordAuthProviderCallbacks callbacks);

	/**
	 * Registers account-data callbacks; the same as
	 * {@code registerCallbacks(AccountDataCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerAccountDataCallbacks(AccountDataCallbacks callbacks);

	/**
	 * Registers callbacks adding fields to events' {@code unsigned} section; the same as
	 * {@code registerCallbacks(UnsignedFieldsCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerUnsignedFieldsCallbacks(UnsignedFieldsCallbacks callbacks);

	/**
	 * Registers rate-limit callbacks; the same as
	 * {@code registerCallbacks(RatelimitCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerRatelimitCallbacks(RatelimitCallbacks callbacks);

	/**
	 * Registers presence router callbacks; the same as
	 * {@code registerCallbacks(PresenceRouterCallbacks.class, callbacks)}, after checking that
	 * the object overrides both callbacks or neither, as Synapse requires.
	 * @param callbacks the module's implementation
	 * @throws IllegalArgumentException if it overrides only one of the two callbacks
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerPresenceRouterCallbacks(PresenceRouterCallbacks callbacks);

	/**
	 * Makes the next {@code /sync} of each local user named carry the current presence of every
	 * online user they may see (those sharing a room with them and those a presence router adds),
	 * whether it changed or not, and wakes their waiting {@code /sync} requests (Synapse's
	 * {@code send_local_online_presence_to}). Remote users are ignored: this homeserver does not
	 * federate. Works on every instance.
	 * @param userIds the users
	 * @return a stage completed once the request is stored
	 */
	CompletionStage<Void> sendLocalOnlinePresenceTo(Collection<String> userIds);

	/**
	 * Sets the presence state and status message of users, and tells everyone who sees them,
	 * even when nothing changed (Synapse's {@code set_presence_for_users}). Of each given state
	 * only {@link UserPresenceState#state()} and {@link UserPresenceState#statusMsg()} are used;
	 * the timestamps stay the homeserver's. The idle and offline timeouts apply to the users
	 * afterwards as after any change. Does nothing when presence is disabled
	 * ({@code homeserver.presence.enabled=false}).
	 * @param states the new states by user ID
	 * @return a stage completed once they are stored; it fails with an
	 * {@link IllegalArgumentException} for a state that is not {@code online},
	 * {@code unavailable} or {@code offline}, or a user ID that is not valid (then nothing is
	 * stored)
	 */
	CompletionStage<Void> setPresenceForUsers(Map<String, UserPresenceState> states);

	/**
	 * Registers callbacks that pace background updates; the same as
	 * {@code registerCallbacks(BackgroundUpdateControllerCallbacks.class, callbacks)}. Only one
	 * module may: a second one fails start-up naming both.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned, or when
	 * another module already registered background update controller callbacks
	 */
	void registerBackgroundUpdateControllerCallbacks(BackgroundUpdateControllerCallbacks callbacks);

	/**
	 * Registers media repository callbacks; the same as
	 * {@code registerCallbacks(MediaRepositoryCallbacks.class, callbacks)}.
	 * @param callbacks the module's implementation
	 * @throws IllegalStateException if called after the module's constructor returned
	 */
	void registerMediaRepositoryCallbacks(MediaRepositoryCallbacks callbacks);

	/**
	 * Lists the third-party identifiers of a local user (Synapse's {@code get_threepids_for_user}).
	 * @param userId the user
	 * @return a stage of the identifiers, each a map with {@code medium} and {@code address}, in
	 * the order they were added; empty for a user without any, or an unknown one
	 */
	CompletionStage<List<Map<String, String>>> getThreepidsForUser(String userId);

	/**
	 * Sends an e-mail through the homeserver's mail server ({@code spring.mail.*}), from
	 * {@code homeserver.email.notif-from}, with an HTML and a plain-text part (Synapse's
	 * {@code send_mail}).
	 * @param recipient the address to send to
	 * @param subject the subject
	 * @param html the HTML part
	 * @param text the plain-text part
	 * @return a stage completed once the mail server accepted the message; it fails with a
	 * {@link MatrixError} ({@code M_INVALID_PARAM}) for an address that is not one, and with an
	 * {@link IllegalStateException} when e-mail is not configured or the mail server refused or
	 * could not be reached
	 */
	CompletionStage<Void> sendMail(String recipient, String subject, String html, String text);

	/**
	 * The application name used in e-mails ({@code homeserver.email.app-name}, {@code Matrix} by
	 * default), Synapse's {@code email_app_name}.
	 * @return the name
	 */
	String emailAppName();

	/**
	 * Reads templates by file name (Synapse's {@code read_templates}): each from
	 * {@code customTemplateDirectory} when it holds the file, else from
	 * {@code homeserver.email.template-dir} when set and holding it, else from the homeserver's
	 * built-in templates. Templates are Jinja templates (see {@link Template}).
	 * @param filenames the file names, e.g. {@code notice_expiry.html}
	 * @param customTemplateDirectory the module's own template directory, or {@code null}
	 * @return the templates, in the order of {@code filenames}
	 * @throws IllegalArgumentException when a file is found nowhere or is not a valid template,
	 * naming the file and the directories searched
	 */
	List<Template> readTemplates(List<String> filenames, @Nullable Path customTemplateDirectory);

}

package org.modulehost.homeserver.identity;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;

/**
 * Binds users' third-party identifiers on identity servers and unbinds them, as Synapse's
 * {@code IdentityHandler.bind_threepid} and {@code try_unbind_threepid}, and remembers where each
 * was bound so that an unbind without an identity server, the removal of the identifier and the
 * account's deactivation reach every server it was bound to.
 * <p>
 * Unbind requests are not signed: this homeserver has no federation signing key. An identity
 * server that insists on a signed request answers 401 or 403, which counts, as 400, 404 and 501
 * do in Synapse, as "the server does not support unbinding" ({@code no-support}).
 */
public final class ThreepidBindings {

	private static final Log logger = LogFactory.getLog(ThreepidBindings.class);

	static final String BIND = "/_matrix/identity/v2/3pid/bind";

	static final String UNBIND = "/_matrix/identity/v2/3pid/unbind";

	private static final List<Integer> NO_SUPPORT = List.of(400, 401, 403, 404, 501);

	private final IdentityServerClient client;

	private final ThreepidBindingStore store;

	private final Callbacks callbacks;

	ThreepidBindings(IdentityServerClient client, ThreepidBindingStore store, Callbacks callbacks) {
		this.client = client;
		this.store = store;
		this.callbacks = callbacks;
	}

	/**
	 * Binds a validated identifier to a user on an identity server ({@code POST
	 * /_matrix/identity/v2/3pid/bind} with the client's identity access token), remembers the
	 * binding and then calls {@code onThreepidBind}.
	 * @param userId the user
	 * @param clientSecret the client secret of the identity server's validation session
	 * @param sid the session
	 * @param idServer the identity server
	 * @param idAccessToken the client's access token on the identity server
	 * @return the binding the identity server made
	 * @throws MatrixError 400 {@code M_SERVER_NOT_TRUSTED}, the identity server's error, or 502
	 */
	@SuppressWarnings("deprecation")
	public Binding bind(String userId, String clientSecret, String sid, String idServer, String idAccessToken) {
		IdentityServerClient.Answer answer = this.client.post(idServer, BIND, idAccessToken,
				Map.of("sid", sid, "client_secret", clientSecret, "mxid", userId));
		answer.requireOk();
		String medium = answer.string("medium");
		String address = answer.string("address");
		if (medium == null || address == null) {
			throw new MatrixError(502, Codes.UNKNOWN,
					"Identity server " + idServer + " answered the bind without medium and address");
		}
		Binding binding = new Binding(medium, address, idServer);
		this.store.add(userId, binding);
		try {
			Await.join(this.callbacks.thirdPartyRules().onThreepidBind(userId, medium, address));
		}
		catch (RuntimeException ex) {
			logger.warn("onThreepidBind failed for " + userId + "; the binding stands", ex);
		}
		return binding;
	}

	/**
	 * Unbinds an identifier of a user from one identity server, or, without one, from every
	 * server it was bound to through this homeserver; forgets each binding the server removed
	 * or does not support removing.
	 * @param userId the user
	 * @param medium the medium
	 * @param address the address
	 * @param idServer the identity server, or {@code null} for every server it was bound to
	 * @return {@code true} when every server removed it, {@code false} when one does not support
	 * unbinding or it was bound nowhere this homeserver knows of
	 * @throws MatrixError 400 {@code M_SERVER_NOT_TRUSTED} for a named untrusted server, 502 when a
	 * server cannot be reached or fails
	 */
	public boolean unbind(String userId, String medium, String address, @Nullable String idServer) {
		List<String> servers;
		if (idServer != null) {
			this.client.checkTrusted(idServer);
			servers = List.of(idServer);
		}
		else {
			servers = this.store.bindings(userId)
				.stream()
				.filter((binding) -> binding.medium().equals(medium) && binding.address().equals(address))
				.map(Binding::idServer)
				.toList();
		}
		if (servers.isEmpty()) {
			return false;
		}
		boolean changed = true;
		for (String server : servers) {
			changed &= unbindFrom(userId, new Binding(medium, address, server));
		}
		return changed;
	}

	/**
	 * Unbinds an identifier from every identity server it was bound to through this homeserver:
	 * what removing the identifier from the account does ({@code /account/3pid/delete}).
	 * @param userId the user
	 * @param medium the medium
	 * @param address the address
	 * @return {@code true} when every server removed it ({@code id_server_unbind_result}
	 * {@code success}), else {@code false} ({@code no-support})
	 * @throws MatrixError 502 when a server cannot be reached or fails
	 */
	public boolean unbindAll(String userId, String medium, String address) {
		return unbind(userId, medium, address, null);
	}

	/**
	 * Unbinds every identifier a user bound through this homeserver: what deactivating the
	 * account does.
	 * @param userId the user
	 * @return {@code true} when every server removed every identifier
	 * @throws MatrixError 502 when a server cannot be reached or fails
	 */
	public boolean unbindAllOf(String userId) {
		return unbindAllOf(userId, null);
	}

	/**
	 * Unbinds every identifier a user bound through this homeserver, from one named server or
	 * from those each was bound through: what deactivating the account does (Synapse's
	 * {@code deactivate_account}).
	 * @param userId the user
	 * @param idServer the identity server the client named, or {@code null}
	 * @return {@code true} when every server removed every identifier, also when none was bound
	 * @throws MatrixError 400 {@code M_SERVER_NOT_TRUSTED} for a named untrusted server, 502 when a
	 * server cannot be reached or fails
	 */
	public boolean unbindAllOf(String userId, @Nullable String idServer) {
		boolean changed = true;
		java.util.Set<List<String>> identifiers = new java.util.LinkedHashSet<>();
		for (Binding binding : this.store.bindings(userId)) {
			identifiers.add(List.of(binding.medium(), binding.address()));
		}
		for (List<String> identifier : identifiers) {
			changed &= unbind(userId, identifier.get(0), identifier.get(1), idServer);
		}
		return changed;
	}

	/**
	 * The identifiers a user bound through this homeserver, with where.
	 * @param userId the user
	 * @return the bindings
	 */
	public List<Binding> bindings(String userId) {
		return this.store.bindings(userId);
	}

	private boolean unbindFrom(String userId, Binding binding) {
		boolean changed;
		try {
			this.client.checkTrusted(binding.idServer());
		}
		catch (MatrixError ex) {
			logger.warn("Not unbinding " + binding.medium() + " of " + userId + " from " + binding.idServer()
					+ ": it is no longer in homeserver.identity-server.trusted");
			this.store.remove(userId, binding);
			return false;
		}
		IdentityServerClient.Answer answer = this.client.post(binding.idServer(), UNBIND, null, Map.of("mxid", userId,
				"threepid", Map.of("medium", binding.medium(), "address", binding.address())));
		if (answer.ok()) {
			changed = true;
		}
		else if (NO_SUPPORT.contains(answer.status())) {
			logger.warn("Identity server " + binding.idServer() + " answered " + answer.status() + " to an unbind");
			changed = false;
		}
		else {
			logger.error("Failed to unbind a third-party identifier on " + binding.idServer() + ": status "
					+ answer.status());
			throw new MatrixError(502, Codes.UNKNOWN, "Failed to contact identity server " + binding.idServer());
		}
		this.store.remove(userId, binding);
		return changed;
	}

	/**
	 * An identifier bound on an identity server.
	 * @param medium the medium, such as {@code email}
	 * @param address the address
	 * @param idServer the identity server
	 */
	public record Binding(String medium, String address, String idServer) {
	}

}

package org.modulehost.homeserver.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;

/**
 * What third-party invites ask identity servers, as Synapse's {@code IdentityHandler}: whether
 * an address is bound to a Matrix user ({@code lookup_3pid}: {@code GET hash_details}, then
 * {@code POST lookup} with the {@code sha256} hash of {@code "<address> <medium> <pepper>"},
 * or the plain {@code "<address> <medium>"} when the server offers only {@code none}), and to
 * store an invite for an address that is not ({@code ask_id_server_for_third_party_invite}:
 * {@code POST store-invite}).
 */
public final class IdentityLookups {

	private static final Log logger = LogFactory.getLog(IdentityLookups.class);

	static final String HASH_DETAILS = "/_matrix/identity/v2/hash_details";

	static final String LOOKUP = "/_matrix/identity/v2/lookup";

	static final String STORE_INVITE = "/_matrix/identity/v2/store-invite";

	static final String KEY_VALIDITY = "/_matrix/identity/v2/pubkey/isvalid";

	private final IdentityServerClient client;

	IdentityLookups(IdentityServerClient client) {
		this.client = client;
	}

	/**
	 * Looks up the Matrix user an address is bound to. As in Synapse, a failed lookup (the
	 * server down, an invalid answer) is logged and counts as "not bound", so that the invite is
	 * stored on the identity server instead.
	 * @param idServer the identity server, already checked to be trusted
	 * @param accessToken the client's access token on it
	 * @param medium the medium
	 * @param address the address
	 * @return the user ID, or {@code null} when the address is not bound or the lookup failed
	 */
	public @Nullable String lookup(String idServer, String accessToken, String medium, String address) {
		try {
			return lookupV2(idServer, accessToken, medium, address);
		}
		catch (MatrixError ex) {
			logger.warn("Third-party identifier lookup on " + idServer + " failed: " + ex.getMessage());
			return null;
		}
	}

	private @Nullable String lookupV2(String idServer, String accessToken, String medium, String address) {
		Map<String, Object> details = this.client.get(idServer, HASH_DETAILS, accessToken, Map.of()).requireOk();
		if (!(details.get("algorithms") instanceof List<?> algorithms) || algorithms.isEmpty()
				|| !(details.get("lookup_pepper") instanceof String pepper) || pepper.isEmpty()) {
			throw new MatrixError(400, Codes.UNKNOWN, "Invalid hash details received from identity server " + idServer);
		}
		String algorithm;
		String value;
		if (algorithms.contains("sha256")) {
			algorithm = "sha256";
			value = sha256(address + " " + medium + " " + pepper);
		}
		else if (algorithms.contains("none")) {
			algorithm = "none";
			value = address + " " + medium;
		}
		else {
			throw new MatrixError(400, Codes.UNKNOWN,
					"Provided identity server does not support any v2 lookup algorithms that this homeserver supports.");
		}
		Map<String, Object> results = this.client
			.post(idServer, LOOKUP, accessToken, Map.of("addresses", List.of(value), "algorithm", algorithm, "pepper", pepper))
			.requireOk();
		if (!(results.get("mappings") instanceof Map<?, ?> mappings)) {
			return null;
		}
		return (mappings.get(value) instanceof String userId) ? userId : null;
	}

	/**
	 * Stores an invite for an address on an identity server, which e-mails the invitee.
	 * @param idServer the identity server, already checked to be trusted
	 * @param accessToken the client's access token on it
	 * @param invite what the server is told: medium, address, room and sender details
	 * @return the stored invite
	 * @throws MatrixError the identity server's error, or 502 when it cannot be reached or its
	 * answer lacks the token, display name or public key
	 */
	public StoredInvite storeInvite(String idServer, String accessToken, Map<String, @Nullable Object> invite) {
		Map<String, Object> data = this.client.post(idServer, STORE_INVITE, accessToken, invite).requireOk();
		if (!(data.get("token") instanceof String token) || token.isEmpty() || token.length() > 255) {
			throw invalid(idServer, "a token");
		}
		if (!(data.get("display_name") instanceof String displayName)) {
			throw invalid(idServer, "a display_name");
		}
		List<Map<String, Object>> publicKeys = new ArrayList<>();
		if (data.get("public_keys") instanceof List<?> keys) {
			for (Object key : keys) {
				if (key instanceof Map<?, ?> map && map.get("public_key") instanceof String publicKey) {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("public_key", publicKey);
					if (map.get("key_validity_url") instanceof String url) {
						entry.put("key_validity_url", url);
					}
					publicKeys.add(entry);
				}
			}
		}
		Map<String, Object> fallback;
		if (data.get("public_key") instanceof String publicKey) {
			fallback = new LinkedHashMap<>();
			fallback.put("public_key", publicKey);
			fallback.put("key_validity_url", this.client.baseUrl(idServer) + KEY_VALIDITY);
		}
		else if (!publicKeys.isEmpty()) {
			fallback = publicKeys.get(0);
		}
		else {
			throw invalid(idServer, "a public key");
		}
		if (publicKeys.isEmpty()) {
			publicKeys.add(fallback);
		}
		return new StoredInvite(token, displayName, publicKeys, fallback);
	}

	private static MatrixError invalid(String idServer, String what) {
		return new MatrixError(502, Codes.UNKNOWN, "Identity server " + idServer + " answered store-invite without " + what);
	}

	static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

	/**
	 * An invite an identity server stored.
	 * @param token its token, the state key of the {@code m.room.third_party_invite} event
	 * @param displayName the invitee's display name the server chose (a masked address)
	 * @param publicKeys the keys that sign the invitee's proof, with their validity URLs
	 * @param fallbackKey the key of the event's {@code public_key} and {@code key_validity_url}
	 */
	public record StoredInvite(String token, String displayName, List<Map<String, Object>> publicKeys,
			Map<String, Object> fallbackKey) {
	}

}

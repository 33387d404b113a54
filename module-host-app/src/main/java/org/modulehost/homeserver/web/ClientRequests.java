package org.modulehost.homeserver.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.modulehost.homeserver.api.ClientInfo;

/**
 * What the homeserver reads from a client's HTTP request besides its body.
 */
public final class ClientRequests {

	private ClientRequests() {
	}

	/**
	 * Returns where a request came from, as spam checks see it.
	 * @param request the request
	 * @return the user agent and IP address, in a one-element list
	 */
	public static List<ClientInfo> clientInfo(HttpServletRequest request) {
		return List.of(new ClientInfo(request.getHeader("User-Agent"), request.getRemoteAddr()));
	}

}

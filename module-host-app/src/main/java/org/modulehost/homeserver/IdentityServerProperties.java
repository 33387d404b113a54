package org.modulehost.homeserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the identity servers the homeserver talks to on a client's behalf
 * ({@code homeserver.identity-server.*}: {@code /account/3pid/bind}, {@code /account/3pid/unbind}
 * and third-party invites). Only the servers listed in {@code trusted} are ever called, so a
 * client cannot make the homeserver send requests to a host of its choosing.
 */
@ConfigurationProperties("homeserver.identity-server")
public class IdentityServerProperties {

	/** Identity servers clients may name as id_server (host or host:port); others get 400 M_SERVER_NOT_TRUSTED. */
	private List<String> trusted = new ArrayList<>();

	/** Scheme of identity server URLs: https, or http for a server on a private network or in tests. */
	private String scheme = "https";

	/** Longest wait for a connection to an identity server. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/** Longest wait for an identity server's whole answer; slower ones fail the request with 502. */
	private Duration requestTimeout = Duration.ofSeconds(15);

	/** Largest identity server answer read, in bytes; larger ones fail the request with 502. */
	private int maxResponseBytes = 65536;

	/** Third-party invites a user may send (Synapse's rc_third_party_invite). */
	private final HomeserverProperties.Limit inviteRatelimit = new HomeserverProperties.Limit(0.2, 10);

	public List<String> getTrusted() {
		return this.trusted;
	}

	public void setTrusted(List<String> trusted) {
		this.trusted = trusted;
	}

	public String getScheme() {
		return this.scheme;
	}

	public void setScheme(String scheme) {
		this.scheme = scheme;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public int getMaxResponseBytes() {
		return this.maxResponseBytes;
	}

	public void setMaxResponseBytes(int maxResponseBytes) {
		this.maxResponseBytes = maxResponseBytes;
	}

	public HomeserverProperties.Limit getInviteRatelimit() {
		return this.inviteRatelimit;
	}

}

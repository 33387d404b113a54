package org.modulehost.homeserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of server-side search ({@code homeserver.search.*}, {@code POST /search}).
 */
@ConfigurationProperties("homeserver.search")
public class SearchProperties {

	/** Longest search_term, in characters; longer ones get 400 M_INVALID_PARAM. */
	private int maxTermLength = 256;

	/** Most words a search_term may have; more get 400 M_INVALID_PARAM. */
	private int maxWords = 16;

	/** Results per page when the filter gives no limit. */
	private int defaultLimit = 10;

	/** Most results per page, whatever the filter's limit. */
	private int maxLimit = 50;

	/** Most events of event_context before and after each result. */
	private int maxContextLimit = 20;

	/** Searches a user may run (per second sustained, and at once). */
	private final HomeserverProperties.Limit ratelimit = new HomeserverProperties.Limit(1, 10);

	public int getMaxTermLength() {
		return this.maxTermLength;
	}

	public void setMaxTermLength(int maxTermLength) {
		this.maxTermLength = maxTermLength;
	}

	public int getMaxWords() {
		return this.maxWords;
	}

	public void setMaxWords(int maxWords) {
		this.maxWords = maxWords;
	}

	public int getDefaultLimit() {
		return this.defaultLimit;
	}

	public void setDefaultLimit(int defaultLimit) {
		this.defaultLimit = defaultLimit;
	}

	public int getMaxLimit() {
		return this.maxLimit;
	}

	public void setMaxLimit(int maxLimit) {
		this.maxLimit = maxLimit;
	}

	public int getMaxContextLimit() {
		return this.maxContextLimit;
	}

	public void setMaxContextLimit(int maxContextLimit) {
		this.maxContextLimit = maxContextLimit;
	}

	public HomeserverProperties.Limit getRatelimit() {
		return this.ratelimit;
	}

}

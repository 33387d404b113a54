package org.modulehost.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Core settings of the module host. The modules themselves are listed under the top-level key
 * {@code modules:}, read as a faithful tree rather than bound here.
 */
@ConfigurationProperties("modulehost")
public class ModuleHostProperties {

	/** This instance's identity among several. */
	private final Instance instance = new Instance();

	/** The HTTP client modules get from {@code ModuleApi.httpClient()}. */
	private final Http http = new Http();

	/** The pool behind {@code ModuleApi.deferToThread}. */
	private final Threads threads = new Threads();

	/** Module bundles, each loaded in its own class loader. */
	private final Bundles bundles = new Bundles();

	public Instance getInstance() {
		return this.instance;
	}

	public Http getHttp() {
		return this.http;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Bundles getBundles() {
		return this.bundles;
	}

	/** Instance identity. */
	public static class Instance {

		/** This process's name among several instances. */
		private String name = "main";

		/** Name of the one instance that runs modules' background tasks; defaults to this instance. */
		private @Nullable String backgroundTasks;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getBackgroundTasks() {
			return this.backgroundTasks;
		}

		public void setBackgroundTasks(@Nullable String backgroundTasks) {
			this.backgroundTasks = backgroundTasks;
		}

	}

	/** HTTP client settings. */
	public static class Http {

		/** How long to wait for a connection. */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/** How long to wait for a response. */
		private Duration readTimeout = Duration.ofSeconds(30);

		/** User agent sent by modules, followed by "(module <name>)". */
		private String userAgent = "ModuleHost";

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public String getUserAgent() {
			return this.userAgent;
		}

		public void setUserAgent(String userAgent) {
			this.userAgent = userAgent;
		}

	}

	/** Thread pool settings. */
	public static class Threads {

		/** Most threads running modules' blocking work at once. */
		private int max = 10;

		/** Most tasks waiting for a thread before deferToThread refuses more. */
		private int queueCapacity = 1000;

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/** Module bundle settings. */
	public static class Bundles {

		/** The default bundle directory, which may be absent. */
		static final String DEFAULT_DIRECTORY = "modules";

		/**
		 * Directory of module bundles (jars, or directories or zips with the module jar and a lib/
		 * of its dependencies), each loaded in its own class loader; relative to the working
		 * directory. The default may be absent; another directory must exist.
		 */
		private String directory = DEFAULT_DIRECTORY;

		public String getDirectory() {
			return this.directory;
		}

		public void setDirectory(String directory) {
			this.directory = directory;
		}

	}

}

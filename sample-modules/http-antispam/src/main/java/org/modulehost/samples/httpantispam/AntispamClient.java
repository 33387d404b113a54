package org.modulehost.samples.httpantispam;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.modulehost.api.ModuleApi;
import org.modulehost.homeserver.api.Codes;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Asks the antispam service about one callback: {@code POST <base_url>/<callback>} with the
 * callback's arguments as a JSON object, through the module's {@link ModuleApi#httpClient()} on
 * the module's thread pool, under the module's timeout.
 */
final class AntispamClient {

	private static final Log logger = LogFactory.getLog(AntispamClient.class);

	private static final Pattern ERRCODE = Pattern.compile("[A-Za-z0-9_.]{1,255}");

	private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final ModuleApi api;

	private final RestClient http;

	private final URI baseUrl;

	private final @Nullable String authorization;

	private final Duration timeout;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicBoolean failing = new AtomicBoolean();

	AntispamClient(ModuleApi api, URI baseUrl, @Nullable String authorization, Duration timeout) {
		this.api = api;
		// the module's client, with about the module's timeout so that a thread is not held much
		// longer than a callback waits for it (a little longer, so that the wait ends first and says so)
		Duration requestTimeout = timeout.plusMillis(250);
		HttpClient client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
		requestFactory.setReadTimeout(requestTimeout);
		this.http = api.httpClient().mutate().requestFactory(requestFactory).build();
		this.baseUrl = baseUrl;
		this.authorization = authorization;
		this.timeout = timeout;
	}

	/**
	 * Asks the service.
	 * @param callback the callback
	 * @param arguments its arguments, by the names the service knows
	 * @return a future of the service's verdict; never completed exceptionally: a failure to ask
	 * is the verdict {@link Verdict#failed()}
	 */
	CompletableFuture<Verdict> ask(AntispamCallback callback, Map<String, @Nullable Object> arguments) {
		URI uri = URI.create(this.baseUrl + "/" + callback.callbackName());
		return this.api.deferToThread(() -> post(uri, arguments)).orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).handle((verdict, failure) -> {
			if (failure == null) {
				if (this.failing.compareAndSet(true, false)) {
					logger.info("Module '" + this.api.moduleName() + "': the antispam service answers again");
				}
				return verdict;
			}
			String reason = describe(failure);
			if (this.failing.compareAndSet(false, true)) {
				logger.warn("Module '" + this.api.moduleName() + "' could not ask the antispam service (POST " + uri
						+ "): " + reason + "; each callback now follows its fail_open setting. Further failures are"
						+ " logged at debug level until the service answers again.");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Module '" + this.api.moduleName() + "' could not ask the antispam service (POST " + uri
						+ "): " + reason);
			}
			return Verdict.failed();
		});
	}

	private Verdict post(URI uri, Map<String, @Nullable Object> arguments) {
		byte[] body = this.json.writeValueAsBytes(arguments);
		return this.http.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.headers((headers) -> {
				if (this.authorization != null) {
					headers.setBearerAuth(this.authorization);
				}
			})
			.body(body)
			.exchange((request, response) -> verdict(uri, response.getStatusCode().value(),
					response.getBody().readAllBytes()));
	}

	private Verdict verdict(URI uri, int status, byte[] body) {
		if (status >= 200 && status < 300) {
			return Verdict.ALLOW;
		}
		Map<String, Object> fields;
		try {
			fields = this.json.readValue(body, JSON_OBJECT);
		}
		catch (JacksonException ex) {
			fields = null;
		}
		if (fields == null) {
			throw new UnexpectedAnswer("the service answered " + status + " without a JSON object (" + body.length
					+ " bytes)");
		}
		Object errcode = fields.remove("errcode");
		String code = (errcode instanceof String text && ERRCODE.matcher(text).matches()) ? text : Codes.FORBIDDEN;
		if (logger.isDebugEnabled()) {
			logger.debug("Module '" + this.api.moduleName() + "': the antispam service denied POST " + uri + " with "
					+ status + " " + code);
		}
		return Verdict.deny(code, fields);
	}

	/**
	 * Says why the service could not be asked, for the log: the timeout, the unexpected answer, or
	 * the outermost I/O failure (such as {@code ConnectException}), else the innermost cause.
	 */
	private String describe(Throwable failure) {
		Throwable reported = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return "no answer within " + HttpAntispamConfig.format(this.timeout);
			}
			if (cause instanceof UnexpectedAnswer) {
				return cause.getMessage();
			}
			if (reported == null && cause instanceof IOException) {
				reported = cause;
			}
			if (cause.getCause() == null && reported == null) {
				reported = cause;
			}
		}
		return (reported.getMessage() != null) ? reported.getClass().getSimpleName() + ": " + reported.getMessage()
				: reported.getClass().getSimpleName();
	}

	/**
	 * An error answer the module cannot read.
	 */
	static final class UnexpectedAnswer extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnexpectedAnswer(String message) {
			super(message);
		}

	}

	/**
	 * What the service said.
	 *
	 * @param outcome allowed, denied or not asked
	 * @param errcode the Matrix error code of a denial
	 * @param fields the other fields of a denial's JSON body
	 */
	record Verdict(Outcome outcome, @Nullable String errcode, Map<String, Object> fields) {

		static final Verdict ALLOW = new Verdict(Outcome.ALLOW, null, Map.of());

		private static final Verdict FAILED = new Verdict(Outcome.FAILED, null, Map.of());

		static Verdict deny(String errcode, Map<String, Object> fields) {
			return new Verdict(Outcome.DENY, errcode, fields);
		}

		static Verdict failed() {
			return FAILED;
		}

	}

	/**
	 * How a request to the service ended.
	 */
	enum Outcome {

		/** A 2xx answer. */
		ALLOW,

		/** Another answer with a JSON object. */
		DENY,

		/** No answer, a timeout, or an answer that is not JSON. */
		FAILED

	}

}

package org.modulehost.homeserver.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.homeserver.IdentityServerProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.JsonCodec;

/**
 * Calls identity servers, only those of {@code homeserver.identity-server.trusted}: any other
 * {@code id_server} a client names is refused with 400 {@code M_SERVER_NOT_TRUSTED} before a
 * connection is made (as Synapse's former {@code trusted_third_party_id_servers}), so a client
 * cannot make the homeserver reach a host of its choosing. Redirects are not followed, answers are
 * read up to {@code max-response-bytes} within {@code request-timeout}. An identity server that
 * cannot be reached, times out, answers too much or answers no JSON object fails the request with
 * 502 {@code M_UNKNOWN}; its error answers reach the client with their status and errcode, as
 * Synapse's {@code to_synapse_error} (5xx become 502; 401 becomes 403, so that a client does not
 * take the identity server's refusal for the loss of its own access token).
 * <p>
 * Each call is timed as {@value #METER}, tagged with the identity server, the endpoint (such as
 * {@code 3pid/bind}) and the outcome: {@code success} (2xx with a JSON object), {@code invalid}
 * (2xx without one), {@code error} (another status) or {@code unavailable} (not reached, too
 * slow or too large).
 */
public final class IdentityServerClient {

	/** The errcode of an {@code id_server} that is not in the trusted list. */
	public static final String SERVER_NOT_TRUSTED = "M_SERVER_NOT_TRUSTED";

	/** The timer of identity server calls. */
	public static final String METER = "homeserver.identity_server.requests";

	private static final String PREFIX = "/_matrix/identity/v2/";

	private static final Log logger = LogFactory.getLog(IdentityServerClient.class);

	private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

	private static final Pattern ERRCODE = Pattern.compile("[A-Za-z0-9_.]{1,128}");

	private final IdentityServerProperties settings;

	private final Set<String> trusted;

	private final JsonCodec json;

	private final HttpClient http;

	private final MeterRegistry meters;

	/**
	 * Creates the client, checking the settings.
	 * @param settings the settings
	 * @param json the JSON codec
	 * @param meters where calls are timed
	 * @throws InvalidSettingException when a setting is wrong
	 */
	public IdentityServerClient(IdentityServerProperties settings, JsonCodec json, MeterRegistry meters) {
		check(settings);
		this.meters = meters;
		this.settings = settings;
		this.trusted = settings.getTrusted()
			.stream()
			.map((server) -> server.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		this.json = json;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.getConnectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	private static void check(IdentityServerProperties settings) {
		String prefix = "homeserver.identity-server.";
		for (String server : settings.getTrusted()) {
			if (server == null || !SERVER.matcher(server).matches()) {
				throw new InvalidSettingException(prefix + "trusted", "has an entry that is not a host name: " + server,
						"list identity servers as a client names them, host or host:port, such as id.example.org");
			}
		}
		if (!"https".equals(settings.getScheme()) && !"http".equals(settings.getScheme())) {
			throw new InvalidSettingException(prefix + "scheme", "must be https or http (it is " + settings.getScheme() + ")",
					"set it to https, or leave it out");
		}
		if (settings.getConnectTimeout().isNegative() || settings.getConnectTimeout().isZero()) {
			throw new InvalidSettingException(prefix + "connect-timeout", "must be positive", "set it to a duration such as 5s");
		}
		if (settings.getRequestTimeout().isNegative() || settings.getRequestTimeout().isZero()) {
			throw new InvalidSettingException(prefix + "request-timeout", "must be positive", "set it to a duration such as 15s");
		}
		if (settings.getMaxResponseBytes() < 1024) {
			throw new InvalidSettingException(prefix + "max-response-bytes",
					"must be at least 1024 (it is " + settings.getMaxResponseBytes() + ")", "set it to 65536, or leave it out");
		}
	}

	/**
	 * Refuses an identity server that is not trusted.
	 * @param idServer the {@code id_server} a client named
	 * @throws MatrixError 400 {@code M_SERVER_NOT_TRUSTED}
	 */
	public void checkTrusted(String idServer) {
		if (!this.trusted.contains(idServer.toLowerCase(Locale.ROOT))) {
			throw new MatrixError(400, SERVER_NOT_TRUSTED, "Untrusted ID server '" + idServer + "'");
		}
	}

	/**
	 * Posts a JSON object to a trusted identity server.
	 * @param idServer the identity server
	 * @param path the path, such as {@code /_matrix/identity/v2/3pid/bind}
	 * @param accessToken the client's identity server access token, sent as a bearer token, or
	 * {@code null}
	 * @param body the body
	 * @return the answer
	 * @throws MatrixError 400 when the server is not trusted, 502 when it cannot be reached
	 */
	public Answer post(String idServer, String path, @Nullable String accessToken, Map<String, ?> body) {
		HttpRequest.Builder request = request(idServer, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.write(body)));
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return send(idServer, request.build());
	}

	/**
	 * Gets a JSON object from a trusted identity server.
	 * @param idServer the identity server
	 * @param path the path
	 * @param accessToken the client's identity server access token, sent as a bearer token, or
	 * {@code null}
	 * @param query the query parameters
	 * @return the answer
	 * @throws MatrixError 400 when the server is not trusted, 502 when it cannot be reached
	 */
	public Answer get(String idServer, String path, @Nullable String accessToken, Map<String, String> query) {
		String encoded = query.entrySet()
			.stream()
			.map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = request(idServer, path + (encoded.isEmpty() ? "" : "?" + encoded)).GET();
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return send(idServer, request.build());
	}

	/**
	 * The base URL of a trusted identity server.
	 * @param idServer the identity server
	 * @return its URL, such as {@code https://id.example.org}
	 */
	public String baseUrl(String idServer) {
		checkTrusted(idServer);
		return this.settings.getScheme() + "://" + idServer;
	}

	private HttpRequest.Builder request(String idServer, String path) {
		checkTrusted(idServer);
		return HttpRequest.newBuilder(URI.create(this.settings.getScheme() + "://" + idServer + path))
			.timeout(this.settings.getRequestTimeout())
			.header("Accept", "application/json");
	}

	private Answer send(String idServer, HttpRequest request) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "unavailable";
		try {
			Answer answer = exchange(idServer, request);
			outcome = !answer.ok() ? "error" : (answer.body() != null) ? "success" : "invalid";
			return answer;
		}
		finally {
			String path = request.uri().getPath();
			sample.stop(Timer.builder(METER)
				.description("Calls of identity servers")
				.tag("server", idServer.toLowerCase(Locale.ROOT))
				.tag("endpoint", path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "other")
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private Answer exchange(String idServer, HttpRequest request) {
		CompletableFuture<HttpResponse<byte[]>> pending = this.http.sendAsync(request,
				(info) -> new LimitedBody(this.settings.getMaxResponseBytes()));
		HttpResponse<byte[]> response;
		try {
			response = pending.get(this.settings.getRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			pending.cancel(true);
			throw unavailable(idServer, request, "Timed out contacting identity server " + idServer, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			pending.cancel(true);
			throw unavailable(idServer, request, "Interrupted contacting identity server " + idServer, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			String message = tooLarge(cause) ? "Identity server " + idServer + " answered more than "
					+ this.settings.getMaxResponseBytes() + " bytes"
					: (cause instanceof HttpTimeoutException) ? "Timed out contacting identity server " + idServer
							: "Could not contact identity server " + idServer;
			throw unavailable(idServer, request, message, cause);
		}
		Map<String, Object> body = null;
		try {
			if (this.json.readValue(response.body()) instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> object = (Map<String, Object>) map;
				body = object;
			}
		}
		catch (RuntimeException ex) {
			// not JSON: an answer without a body
		}
		return new Answer(idServer, response.statusCode(), body);
	}

	private static boolean tooLarge(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TooLarge) {
				return true;
			}
		}
		return false;
	}

	private static MatrixError unavailable(String idServer, HttpRequest request, String message,
			@Nullable Throwable cause) {
		logger.warn(message + " (" + request.method() + " " + request.uri().getPath() + "): " + cause);
		return new MatrixError(502, Codes.UNKNOWN, message);
	}

	/**
	 * An identity server's answer.
	 * @param idServer the identity server
	 * @param status its HTTP status
	 * @param body its JSON object, or {@code null} when it answered none
	 */
	public record Answer(String idServer, int status, @Nullable Map<String, Object> body) {

		/**
		 * Whether the status is 2xx.
		 * @return whether it succeeded
		 */
		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		/**
		 * The body of a successful answer.
		 * @return the JSON object
		 * @throws MatrixError the identity server's error, or 502 when it answered no JSON object
		 */
		public Map<String, Object> requireOk() {
			if (!ok()) {
				throw error();
			}
			if (this.body == null) {
				throw new MatrixError(502, Codes.UNKNOWN, "Identity server " + this.idServer + " answered no JSON object");
			}
			return this.body;
		}

		/**
		 * The identity server's error as the client sees it: its errcode and message with its
		 * status (5xx become 502, 401 becomes 403).
		 * @return the error
		 */
		public MatrixError error() {
			int status = (this.status >= 500 || this.status < 400) ? 502 : (this.status == 401) ? 403 : this.status;
			Object errcode = (this.body != null) ? this.body.get("errcode") : null;
			Object error = (this.body != null) ? this.body.get("error") : null;
			String code = (errcode instanceof String text && ERRCODE.matcher(text).matches()) ? text : Codes.UNKNOWN;
			String message = (error instanceof String text)
					? "Identity server " + this.idServer + ": " + text.substring(0, Math.min(text.length(), 500))
					: "Identity server " + this.idServer + " answered status " + this.status;
			return new MatrixError(status, code, message);
		}

		/**
		 * A string field of the body.
		 * @param name the field
		 * @return the value, or {@code null} when absent or not a string
		 */
		public @Nullable String string(String name) {
			return (this.body != null && this.body.get(name) instanceof String text) ? text : null;
		}

	}

	/**
	 * Reads a body up to a size, and fails beyond it without reading the rest.
	 */
	static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final int max;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private volatile Flow.@Nullable Subscription subscription;

		LimitedBody(int max) {
			this.max = max;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer item : items) {
				if (this.bytes.size() + item.remaining() > this.max) {
					Flow.Subscription subscription = this.subscription;
					if (subscription != null) {
						subscription.cancel();
					}
					this.result.completeExceptionally(new TooLarge());
					return;
				}
				byte[] chunk = new byte[item.remaining()];
				item.get(chunk);
				this.bytes.writeBytes(chunk);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.bytes.toByteArray());
		}

	}

	/**
	 * An answer larger than the limit.
	 */
	static final class TooLarge extends IOException {

		private static final long serialVersionUID = 1L;

		TooLarge() {
			super("answer too large");
		}

	}

}

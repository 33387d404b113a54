package org.modulehost.samples.mediaquota;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.test.MatrixTestClient;
import org.modulehost.test.MatrixTestClient.User;
import org.modulehost.test.ModuleTestHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.modulehost.test.MatrixTestClient.unique;

/**
 * The module in a running homeserver: everyone may upload files of up to 100 bytes, 150 bytes a
 * day; {@code bot-} users files of up to 1000 bytes without a daily limit.
 */
class MediaQuotaTests {

	private static ModuleTestHost host;

	private static MatrixTestClient matrix;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		host = MatrixTestClient.homeserver(ModuleHostApplication.class)
			.property("homeserver.media.store-path", Files.createTempDirectory("media-quota").toString())
			.module(MediaQuota.class,
					Map.of("max_file_size", "100B", "limits", List.of(Map.of("max_size", "150B", "period", "1d")),
							"users", List.of(Map.of("match", "@bot-.*:localhost", "max_file_size", "1000B",
									"limits", List.of()))))
			.start();
		matrix = new MatrixTestClient(host);
	}

	@AfterAll
	static void stop() {
		host.close();
	}

	private HttpResponse<String> upload(User user, int size) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(host.uri("/_matrix/media/v3/upload"))
			.header("Authorization", "Bearer " + user.accessToken())
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void clientsSeeTheirLargestFileInTheMediaConfiguration() {
		User user = matrix.register(unique("user"));
		User bot = matrix.register(unique("bot"));
		assertThat(matrix.request("GET", "/_matrix/client/v1/media/config", user, null).body()
			.path("m.upload.size").asLong()).isEqualTo(100);
		assertThat(matrix.request("GET", "/_matrix/client/v1/media/config", bot, null).body()
			.path("m.upload.size").asLong()).isEqualTo(1000);
	}

	@Test
	void aFileOverTheUsersLargestIsTooLarge() throws Exception {
		User user = matrix.register(unique("user"));
		HttpResponse<String> refused = upload(user, 101);
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.body()).contains("M_TOO_LARGE");
		assertThat(upload(matrix.register(unique("bot")), 101).statusCode()).isEqualTo(200);
	}

	@Test
	void theDailyLimitCountsTheUsersUploadsAndItsRefusalIsCounted() throws Exception {
		User user = matrix.register(unique("user"));
		long before = host.module(MediaQuota.class).refusals();
		assertThat(upload(user, 100).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = upload(user, 60);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("M_RESOURCE_LIMIT_EXCEEDED");
		assertThat(host.module(MediaQuota.class).refusals()).isEqualTo(before + 1);
		assertThat(upload(user, 50).statusCode()).isEqualTo(200);
	}

	@Test
	void aRuleWithAnEmptyListOfLimitsLiftsTheDailyLimit() throws Exception {
		User bot = matrix.register(unique("bot"));
		for (int i = 0; i < 3; i++) {
			assertThat(upload(bot, 1000).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aBadRegularExpressionStopsStartUpNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> MatrixTestClient.homeserver(ModuleHostApplication.class)
				.module(MediaQuota.class, Map.of("users", List.of(Map.of("match", "@(bot"))))
				.start())
			.withStackTraceContaining("modules[0].config.users[0].match: not a valid regular expression");
	}

}

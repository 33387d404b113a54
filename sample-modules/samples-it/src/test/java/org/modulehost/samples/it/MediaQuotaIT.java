package org.modulehost.samples.it;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.modulehost.app.process.HomeserverProcess.Account;
import org.modulehost.samples.it.RunningHomeserver.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media-quota sample as {@code samples.yml} configures it: {@code quota-demo-} users may
 * upload files of up to 1KB and 2KB an hour; everyone else 10MB files.
 */
@ExtendWith(RunningHomeserver.class)
class MediaQuotaIT {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String UPLOAD = "/_matrix/media/v3/upload";

	@Test
	void aDemoUserSeesAndMeetsTheirQuota(Server server) {
		Account demo = server.register("quota-demo-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
		HttpResponse<String> config = server.send("GET", "/_matrix/client/v1/media/config", null, demo.accessToken());
		assertThat(Server.json(config).path("m.upload.size").asLong()).isEqualTo(1024);
		HttpResponse<String> tooLarge = server.send("POST", UPLOAD, "x".repeat(1025), demo.accessToken());
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(Server.json(tooLarge).path("errcode").asString()).isEqualTo("M_TOO_LARGE");
		assertThat(server.send("POST", UPLOAD, "x".repeat(1000), demo.accessToken()).statusCode()).isEqualTo(200);
		assertThat(server.send("POST", UPLOAD, "x".repeat(1000), demo.accessToken()).statusCode()).isEqualTo(200);
		HttpResponse<String> overQuota = server.send("POST", UPLOAD, "x".repeat(1000), demo.accessToken());
		assertThat(overQuota.statusCode()).isEqualTo(400);
		assertThat(Server.json(overQuota).path("errcode").asString()).isEqualTo("M_RESOURCE_LIMIT_EXCEEDED");
	}

	@Test
	void otherUsersUploadLargerFiles(Server server) {
		Account user = server.register("media-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
		HttpResponse<String> uploaded = server.send("POST", UPLOAD, "x".repeat(5000), user.accessToken());
		assertThat(uploaded.statusCode()).isEqualTo(200);
		assertThat(Server.json(uploaded).path("content_uri").asString()).startsWith("mxc://");
	}

}

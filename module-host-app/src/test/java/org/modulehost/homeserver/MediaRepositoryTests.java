package org.modulehost.homeserver;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.media.MediaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "homeserver.media.max-upload-size=3MB", "homeserver.admins[0]=media-admin",
		"homeserver.admins[1]=media-admin2" })
class MediaRepositoryTests extends HomeserverTestSupport {

	@Autowired
	MediaProperties mediaProperties;

	Path store;

	@BeforeEach
	void store() {
		this.store = Path.of(this.mediaProperties.getStorePath());
	}

	MediaRequests media() {
		return new MediaRequests(this.port);
	}

	String token() {
		return client().register(MatrixClient.unique("media")).accessToken();
	}

	@Test
	void anUploadIsDownloadedWithItsTypeNameAndProtectiveHeaders() {
		String token = token();
		byte[] bytes = "hello media".getBytes(StandardCharsets.UTF_8);
		MediaRequests.Reply uploaded = media().upload(token, bytes, "text/plain", "filename=notes.txt");
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
		assertThat(uploaded.contentUri()).startsWith("mxc://localhost/");
		MediaRequests.Reply download = media().get(token,
				"/_matrix/client/v1/media/download/localhost/" + uploaded.mediaId());
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.bytes()).isEqualTo(bytes);
		assertThat(download.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
		assertThat(download.header("Content-Disposition")).startsWith("inline").contains("notes.txt");
		assertThat(download.header("Content-Security-Policy")).startsWith("sandbox");
		assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(download.header("ETag")).isNotBlank();
		MediaRequests.Reply renamed = media().get(token,
				"/_matrix/client/v1/media/download/localhost/" + uploaded.mediaId() + "/other.txt");
		assertThat(renamed.header("Content-Disposition")).contains("other.txt");
	}

	@Test
	void theAuthenticatedEndpointsNeedATokenAndTheLegacyOnesDoNot() {
		String token = token();
		String mediaId = media().upload(token, new byte[] { 1, 2, 3 }, "application/octet-stream", null).mediaId();
		MediaRequests.Reply anonymous = media().get(null, "/_matrix/client/v1/media/download/localhost/" + mediaId);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
		MediaRequests.Reply legacy = media().get(null, "/_matrix/media/v3/download/localhost/" + mediaId);
		assertThat(legacy.status()).isEqualTo(200);
		assertThat(legacy.bytes()).containsExactly(1, 2, 3);
		assertThat(media().upload(null, new byte[] { 1 }, "text/plain", null).status()).isEqualTo(401);
	}

	@Test
	void aRangeIsAnsweredWithPartialContentAndAKnownETagWithNotModified() {
		String token = token();
		byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
		String path = "/_matrix/client/v1/media/download/localhost/"
				+ media().upload(token, bytes, "application/octet-stream", null).mediaId();
		MediaRequests.Reply range = media().get(token, path, "Range", "bytes=2-5");
		assertThat(range.status()).isEqualTo(206);
		assertThat(new String(range.bytes(), StandardCharsets.US_ASCII)).isEqualTo("2345");
		assertThat(range.header("Content-Range")).isEqualTo("bytes 2-5/10");
		String etag = media().get(token, path).header("ETag");
		MediaRequests.Reply notModified = media().get(token, path, "If-None-Match", etag);
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.bytes()).isEmpty();
	}

	@Test
	void unsafeTypesAreAttachmentsAndAMissingOrMalformedTypeIsStoredAsOctetStream() {
		String token = token();
		String html = media().upload(token, "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
				"text/html", null).mediaId();
		MediaRequests.Reply download = media().get(token, "/_matrix/client/v1/media/download/localhost/" + html);
		assertThat(download.header("Content-Disposition")).startsWith("attachment");
		assertThat(download.header("Content-Security-Policy")).startsWith("sandbox");
		String untyped = media().upload(token, new byte[] { 7 }, null, null).mediaId();
		assertThat(media().get(token, "/_matrix/client/v1/media/download/localhost/" + untyped).header("Content-Type"))
			.isEqualTo("application/octet-stream");
		String malformed = media().upload(token, new byte[] { 7 }, "not a type", null).mediaId();
		assertThat(media().get(token, "/_matrix/client/v1/media/download/localhost/" + malformed)
			.header("Content-Type")).isEqualTo("application/octet-stream");
	}

	@Test
	void theConfigurationTellsTheMaximumUploadSize() {
		String token = token();
		MediaRequests.Reply config = media().get(token, "/_matrix/client/v1/media/config");
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json()).containsEntry("m.upload.size", 3 * 1024 * 1024);
		assertThat(media().get(token, "/_matrix/media/v3/config").json()).containsEntry("m.upload.size",
				3 * 1024 * 1024);
		assertThat(media().get(null, "/_matrix/client/v1/media/config").status()).isEqualTo(401);
	}

	@Test
	void anUploadLargerThanTheJsonLimitButWithinTheMediaLimitIsStored() {
		String token = token();
		byte[] bytes = new byte[2 * 1024 * 1024];
		Arrays.fill(bytes, (byte) 'x');
		MediaRequests.Reply uploaded = media().upload(token, bytes, "application/octet-stream", null);
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
		assertThat(media().get(token, "/_matrix/client/v1/media/download/localhost/" + uploaded.mediaId()).bytes())
			.hasSize(bytes.length);
	}

	@Test
	void aContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws IOException {
		String token = token();
		// A head announcing 10 GB and no body: the answer comes without the server waiting for it.
		String answer = media().raw("POST /_matrix/media/v3/upload HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + token + "\r\nContent-Type: application/octet-stream\r\n"
				+ "Content-Length: 10000000000\r\n\r\n", new byte[0], false);
		assertThat(answer).startsWith("HTTP/1.1 413").contains("M_TOO_LARGE");
	}

	@Test
	void aChunkedUploadIsCutOffAtTheLimitAndLeavesNoFile() throws IOException {
		String token = token();
		long before = MediaRequests.files(this.store.resolve("local_content")).size();
		// 1 MiB over the 3 MiB limit: within what Tomcat reads away after the answer (its
		// max-swallow-size), so the connection stays usable and the answer always arrives.
		InputStream endless = new InputStream() {

			private long sent;

			@Override
			public int read() {
				return (this.sent++ < 4L * 1024 * 1024) ? 'x' : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.sent >= 4L * 1024 * 1024) {
					return -1;
				}
				Arrays.fill(buffer, offset, offset + length, (byte) 'x');
				this.sent += length;
				return length;
			}

		};
		MediaRequests.Reply refused = media().uploadChunked(token, endless);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.errcode()).isEqualTo("M_TOO_LARGE");
		assertThat(MediaRequests.files(this.store.resolve("local_content"))).hasSize((int) before);
		assertThat(MediaRequests.files(this.store.resolve("tmp"))).isEmpty();
	}

	@Test
	void aClientThatDisconnectsMidUploadLeavesNoPartialFile() throws IOException, InterruptedException {
		String token = token();
		long before = MediaRequests.files(this.store.resolve("local_content")).size();
		media().raw("POST /_matrix/media/v3/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n", new byte[100_000],
				true);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!MediaRequests.files(this.store.resolve("tmp")).isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(MediaRequests.files(this.store.resolve("tmp"))).isEmpty();
		assertThat(MediaRequests.files(this.store.resolve("local_content"))).hasSize((int) before);
	}

	@Test
	void unknownAndRemoteMediaAreNotFound() {
		String token = token();
		MediaRequests.Reply unknown = media().get(token, "/_matrix/client/v1/media/download/localhost/nosuchmedia");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
		MediaRequests.Reply remote = media().get(token, "/_matrix/client/v1/media/download/example.org/abcdefgh");
		assertThat(remote.status()).isEqualTo(404);
		assertThat(remote.errcode()).isEqualTo("M_NOT_FOUND");
		MediaRequests.Reply thumbnail = media().get(null,
				"/_matrix/media/v3/thumbnail/localhost/nosuchmedia?width=32&height=32");
		assertThat(thumbnail.status()).isEqualTo(404);
		assertThat(thumbnail.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void aMediaIdWithPathCharactersIsRefused() throws IOException {
		String token = token();
		for (String id : new String[] { "..%2F..%2Fetc", "abc%2Fdef", "abc%00def", "a.b.c", "%2E%2E" }) {
			MediaRequests.Reply reply = media().get(token, "/_matrix/client/v1/media/download/localhost/" + id);
			assertThat(reply.status()).as(id + ": " + reply).isEqualTo(400);
			assertThat(reply.errcode()).as(id).isIn("M_INVALID_PARAM", "M_UNKNOWN");
		}
	}

	@Test
	void anImageGetsItsThumbnailsOnUploadAndCropAndScaleNeverUpscale() throws IOException {
		String token = token();
		String mediaId = media().upload(token, png(100, 80), "image/png", null).mediaId();
		assertThat(MediaRequests.files(this.store.resolve("local_thumbnails").resolve(mediaId.substring(0, 2))
			.resolve(mediaId.substring(2, 4)).resolve(mediaId.substring(4)))).hasSize(5);
		MediaRequests.Reply crop = media().get(token,
				"/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?width=32&height=32&method=crop");
		assertThat(crop.status()).as(crop.toString()).isEqualTo(200);
		assertThat(crop.header("Content-Type")).isEqualTo("image/png");
		assertThat(crop.header("Content-Security-Policy")).startsWith("sandbox");
		BufferedImage cropped = ImageIO.read(new ByteArrayInputStream(crop.bytes()));
		assertThat(cropped.getWidth()).isEqualTo(32);
		assertThat(cropped.getHeight()).isEqualTo(32);
		MediaRequests.Reply scale = media().get(token,
				"/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?width=640&height=480&method=scale");
		BufferedImage scaled = ImageIO.read(new ByteArrayInputStream(scale.bytes()));
		assertThat(scaled.getWidth()).isEqualTo(100);
		assertThat(scaled.getHeight()).isEqualTo(80);
	}

	@Test
	void aThumbnailOfANonImageIsABadRequestAndBadParametersToo() {
		String token = token();
		String mediaId = media().upload(token, "text".getBytes(StandardCharsets.UTF_8), "text/plain", null).mediaId();
		MediaRequests.Reply reply = media().get(token,
				"/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?width=32&height=32");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errcode()).isEqualTo("M_UNKNOWN");
		MediaRequests.Reply missing = media().get(token, "/_matrix/client/v1/media/thumbnail/localhost/" + mediaId);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
		MediaRequests.Reply method = media().get(token,
				"/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?width=32&height=32&method=stretch");
		assertThat(method.status()).isEqualTo(400);
		assertThat(method.errcode()).isEqualTo("M_INVALID_PARAM");
	}

	@Test
	void aDecompressionBombIsRefusedUnread() throws IOException {
		String token = token();
		byte[] bomb = withDimensions(png(1, 1), 100_000, 100_000);
		assertThat(bomb.length).isLessThan(1000);
		String mediaId = media().upload(token, bomb, "image/png", null).mediaId();
		MediaRequests.Reply reply = media().get(token,
				"/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?width=32&height=32&method=crop");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.errcode()).isEqualTo("M_UNKNOWN");
		assertThat(new String(reply.bytes(), StandardCharsets.UTF_8)).contains("too large");
	}

	@Test
	void anAsynchronousUploadFillsACreatedIdOnceAndOnlyForItsCreator() {
		String token = token();
		String other = token();
		MediaRequests.Reply created = media().post(token, "/_matrix/media/v1/create");
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		assertThat(created.json()).containsKey("unused_expires_at");
		String mediaId = created.mediaId();
		MediaRequests.Reply pending = media().get(token,
				"/_matrix/client/v1/media/download/localhost/" + mediaId + "?timeout_ms=0");
		assertThat(pending.status()).isEqualTo(504);
		assertThat(pending.errcode()).isEqualTo("M_NOT_YET_UPLOADED");
		MediaRequests.Reply foreign = media().put(other, "/_matrix/media/v3/upload/localhost/" + mediaId,
				new byte[] { 1 }, "text/plain");
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.errcode()).isEqualTo("M_FORBIDDEN");
		MediaRequests.Reply put = media().put(token, "/_matrix/media/v3/upload/localhost/" + mediaId,
				"async".getBytes(StandardCharsets.UTF_8), "text/plain");
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(media().get(token, "/_matrix/client/v1/media/download/localhost/" + mediaId).bytes())
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("async");
		MediaRequests.Reply again = media().put(token, "/_matrix/media/v3/upload/localhost/" + mediaId,
				new byte[] { 1 }, "text/plain");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.errcode()).isEqualTo("M_CANNOT_OVERWRITE_MEDIA");
		MediaRequests.Reply unknown = media().put(token, "/_matrix/media/v3/upload/localhost/nosuchmedia",
				new byte[] { 1 }, "text/plain");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void quarantinedMediaIsServedToNobodyAndDeletedMediaIsGone() throws IOException {
		MatrixClient admin = client().register("media-admin");
		String token = token();
		String mediaId = media().upload(token, new byte[] { 1, 2 }, "application/octet-stream", null).mediaId();
		String download = "/_matrix/client/v1/media/download/localhost/" + mediaId;
		MediaRequests.Reply notAdmin = media().post(token, "/_synapse/admin/v1/media/quarantine/localhost/" + mediaId);
		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.errcode()).isEqualTo("M_FORBIDDEN");
		assertThat(media().post(admin.accessToken(), "/_synapse/admin/v1/media/quarantine/localhost/" + mediaId)
			.status()).isEqualTo(200);
		MediaRequests.Reply quarantined = media().get(token, download);
		assertThat(quarantined.status()).isEqualTo(404);
		assertThat(quarantined.errcode()).isEqualTo("M_NOT_FOUND");
		assertThat(media().post(admin.accessToken(), "/_synapse/admin/v1/media/unquarantine/localhost/" + mediaId)
			.status()).isEqualTo(200);
		assertThat(media().get(token, download).status()).isEqualTo(200);
		MediaRequests.Reply remote = media().delete(admin.accessToken(), "/_synapse/admin/v1/media/example.org/abcdef");
		assertThat(remote.status()).isEqualTo(400);
		MediaRequests.Reply deleted = media().delete(admin.accessToken(), "/_synapse/admin/v1/media/localhost/" + mediaId);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json()).containsEntry("total", 1);
		assertThat(media().get(token, download).status()).isEqualTo(404);
		assertThat(Files.exists(this.store.resolve("local_content").resolve(mediaId.substring(0, 2))
			.resolve(mediaId.substring(2, 4)).resolve(mediaId.substring(4)))).isFalse();
		MediaRequests.Reply again = media().delete(admin.accessToken(), "/_synapse/admin/v1/media/localhost/" + mediaId);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.errcode()).isEqualTo("M_NOT_FOUND");
	}

	@Test
	void allOfAUsersMediaIsQuarantinedAtOnce() {
		MatrixClient admin = client().register("media-admin2");
		MatrixClient user = client().register(MatrixClient.unique("media"));
		String first = media().upload(user.accessToken(), new byte[] { 1 }, "text/plain", null).mediaId();
		String second = media().upload(user.accessToken(), new byte[] { 2 }, "text/plain", null).mediaId();
		MediaRequests.Reply quarantined = media().post(admin.accessToken(),
				"/_synapse/admin/v1/user/" + MatrixClient.encode(user.userId()) + "/media/quarantine");
		assertThat(quarantined.status()).isEqualTo(200);
		assertThat(quarantined.json()).containsEntry("num_quarantined", 2);
		assertThat(media().get(null, "/_matrix/media/v3/download/localhost/" + first).status()).isEqualTo(404);
		assertThat(media().get(null, "/_matrix/media/v3/download/localhost/" + second).status()).isEqualTo(404);
	}

	@Test
	void anAvatarMustBeMediaOfThisServer() {
		MatrixClient alice = client().register(MatrixClient.unique("media"));
		String profile = "/_matrix/client/v3/profile/" + MatrixClient.encode(alice.userId()) + "/avatar_url";
		MatrixClient.Response foreign = alice.put(profile, Map.of("avatar_url", "mxc://example.org/abcdef"));
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.errcode()).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response unknown = alice.put(profile, Map.of("avatar_url", "mxc://localhost/nosuchmedia"));
		assertThat(unknown.status()).isEqualTo(400);
		String uri = media().upload(alice.accessToken(), png(4, 4), "image/png", null).contentUri();
		assertThat(alice.put(profile, Map.of("avatar_url", uri)).status()).isEqualTo(200);
		assertThat(alice.put(profile, Map.of("avatar_url", "")).status()).isEqualTo(200);
	}

	@Test
	void aRoomAvatarMustBeMediaOfThisServer() {
		MatrixClient alice = client().register(MatrixClient.unique("media"));
		String roomId = alice.createRoom(Map.of());
		String avatar = "/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.avatar/";
		MatrixClient.Response foreign = alice.put(avatar, Map.of("url", "mxc://example.org/abcdef"));
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.errcode()).isEqualTo("M_INVALID_PARAM");
		String uri = media().upload(alice.accessToken(), png(4, 4), "image/png", null).contentUri();
		assertThat(alice.put(avatar, Map.of("url", uri)).status()).isEqualTo(200);
	}

	static byte[] png(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	/** Rewrites a PNG's header to claim other dimensions (with a valid checksum). */
	static byte[] withDimensions(byte[] png, int width, int height) {
		byte[] copy = png.clone();
		ByteBuffer buffer = ByteBuffer.wrap(copy);
		// signature (8), IHDR length (4), "IHDR" (4), width, height, 5 more bytes, CRC
		buffer.putInt(16, width);
		buffer.putInt(20, height);
		CRC32 crc = new CRC32();
		crc.update(copy, 12, 17);
		buffer.putInt(29, (int) crc.getValue());
		return copy;
	}

}

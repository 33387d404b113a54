package org.modulehost.homeserver.identity;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.modulehost.homeserver.IdentityServerProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.storage.JsonCodec;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdentityServerSettingsTests {

	private static IdentityServerClient client(IdentityServerProperties settings) {
		return new IdentityServerClient(settings, new JsonCodec(JsonMapper.builder().build()), new SimpleMeterRegistry());
	}

	@Test
	void aTrustedEntryThatIsNoHostNameStopsStartUpNamingTheKey() {
		IdentityServerProperties settings = new IdentityServerProperties();
		settings.setTrusted(List.of("https://id.example.org/path"));
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> client(settings))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("homeserver.identity-server.trusted"))
			.withMessageContaining("host or host:port");
	}

	@Test
	void anUnknownSchemeOrANonPositiveTimeoutStopsStartUp() {
		IdentityServerProperties scheme = new IdentityServerProperties();
		scheme.setScheme("ftp");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> client(scheme))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("homeserver.identity-server.scheme"));
		IdentityServerProperties timeout = new IdentityServerProperties();
		timeout.setRequestTimeout(Duration.ZERO);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> client(timeout))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("homeserver.identity-server.request-timeout"));
	}

	@Test
	void trustIsDecidedIgnoringCaseAndNothingElseIsTrusted() {
		IdentityServerProperties settings = new IdentityServerProperties();
		settings.setTrusted(List.of("ID.example.org"));
		IdentityServerClient client = client(settings);
		client.checkTrusted("id.EXAMPLE.org");
		assertThatExceptionOfType(MatrixError.class).isThrownBy(() -> client.checkTrusted("id.example.org:443"))
			.satisfies((ex) -> assertThat(ex.errcode()).isEqualTo("M_SERVER_NOT_TRUSTED"));
		assertThatExceptionOfType(MatrixError.class)
			.isThrownBy(() -> client.checkTrusted("id.example.org@evil.example"));
	}

}

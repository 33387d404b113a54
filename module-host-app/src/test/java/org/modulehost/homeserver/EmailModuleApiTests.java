package org.modulehost.homeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.app.mail.Mailbox;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.Template;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The e-mail members of {@code HomeserverModuleApi} ({@code sendMail}, {@code emailAppName},
 * {@code readTemplates}), called as a module calls them, against a real SMTP server.
 */
@TestPropertySource(properties = "homeserver.email.app-name=Example Chat")
class EmailModuleApiTests extends WithTestModules {

	@TempDir
	static Path serverTemplates;

	@DynamicPropertySource
	static void email(DynamicPropertyRegistry registry) throws IOException {
		Mailbox.register(registry);
		registry.add("homeserver.email.template-dir", () -> serverTemplates.toString());
	}

	@Test
	void sendMailDeliversATextAndAnHtmlPartFromTheConfiguredSender() throws Exception {
		String to = MatrixClient.unique("mail") + "@example.com";
		probeApi().sendMail(to, "Hello there", "<p>Hi <b>you</b></p>", "Hi you").toCompletableFuture()
			.get(10, TimeUnit.SECONDS);
		Mailbox.Mail mail = Mailbox.receive(to);
		assertThat(mail.from()).isEqualTo("Example Chat <noreply@example.org>");
		assertThat(mail.subject()).isEqualTo("Hello there");
		assertThat(mail.contentType()).startsWith("multipart/alternative");
		assertThat(mail.text().strip()).isEqualTo("Hi you");
		assertThat(mail.html().strip()).isEqualTo("<p>Hi <b>you</b></p>");
	}

	@Test
	void sendMailToSomethingThatIsNotAnAddressFailsWithInvalidParamAndSendsNothing() {
		assertThatThrownBy(() -> probeApi().sendMail("not an address", "s", "h", "t").toCompletableFuture().join())
			.isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(MatrixError.class, (error) -> {
				assertThat(error.httpStatus()).isEqualTo(400);
				assertThat(error.errcode()).isEqualTo("M_INVALID_PARAM");
			});
		assertThatThrownBy(() -> probeApi().sendMail("a@b.example, c@d.example", "s", "h", "t")
			.toCompletableFuture()
			.join()).cause().isInstanceOf(MatrixError.class);
	}

	@Test
	void theAppNameIsTheConfiguredOne() {
		assertThat(probeApi().emailAppName()).isEqualTo("Example Chat");
	}

	@Test
	void htmlTemplatesEscapeWhatTheyPrintAndTextTemplatesDoNot(@TempDir Path module) throws IOException {
		Files.writeString(module.resolve("hello.html"), "<p>{{ name }} {{ trusted|safe }}</p>");
		Files.writeString(module.resolve("hello.txt"), "Hello {{ name }}{% if admin %} (admin){% endif %}");
		List<Template> templates = probeApi().readTemplates(List.of("hello.html", "hello.txt"), module);
		Map<String, Object> context = Map.of("name", "<Alice & Bob>", "trusted", "<i>ok</i>", "admin", true);
		assertThat(templates.get(0).render(context)).isEqualTo("<p>&lt;Alice &amp; Bob&gt; <i>ok</i></p>");
		assertThat(templates.get(1).render(context)).isEqualTo("Hello <Alice & Bob> (admin)");
	}

	@Test
	void aModulesTemplateWinsOverTheServersAndExtendsFindsTheServersBase(@TempDir Path module) throws IOException {
		Files.writeString(serverTemplates.resolve("base.html"),
				"<html>{% block body %}base{% endblock %} {{ app_name }}</html>");
		Files.writeString(serverTemplates.resolve("notice.html"), "server's notice");
		Files.writeString(module.resolve("notice.html"),
				"{% extends \"base.html\" %}{% block body %}module's notice{% endblock %}");
		Template notice = probeApi().readTemplates(List.of("notice.html"), module).get(0);
		assertThat(notice.render(Map.of("app_name", "Example Chat"))).isEqualTo("<html>module's notice Example Chat</html>");
		Template serverOnly = probeApi().readTemplates(List.of("notice.html"), null).get(0);
		assertThat(serverOnly.render(Map.of())).isEqualTo("server's notice");
	}

	@Test
	void synapsesFormatTsAndMxcToHttpFiltersWork(@TempDir Path module) throws IOException {
		Files.writeString(module.resolve("filters.txt"),
				"{{ ts|format_ts(\"%Y-%m-%d %H:%M\") }} {{ avatar|mxc_to_http(32, 32) }} [{{ plain|mxc_to_http(32, 32) }}]");
		long ts = LocalDateTime.of(2024, 3, 5, 7, 9).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
		String rendered = probeApi().readTemplates(List.of("filters.txt"), module)
			.get(0)
			.render(Map.of("ts", ts, "avatar", "mxc://localhost/abc", "plain", "https://example.org/a.png"));
		assertThat(rendered).isEqualTo("2024-03-05 07:09 http://localhost:" + this.port
				+ "/_matrix/media/v1/thumbnail/localhost/abc?width=32&height=32&method=crop []");
	}

	@Test
	void aMissingTemplateIsRefusedNamingTheFileAndWhereItWasLooked(@TempDir Path module) {
		assertThatThrownBy(() -> probeApi().readTemplates(List.of("absent.html"), module))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("absent.html")
			.hasMessageContaining(module.toString())
			.hasMessageContaining(serverTemplates.toString())
			.hasMessageContaining("built-in");
		assertThatThrownBy(() -> probeApi().readTemplates(List.of("../outside.html"), module))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aTemplateThatDoesNotParseIsRefusedNamingTheFile(@TempDir Path module) throws IOException {
		Files.writeString(module.resolve("broken.html"), "{% if x %}never closed");
		assertThatThrownBy(() -> probeApi().readTemplates(List.of("broken.html"), module))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("broken.html");
	}

}

package org.modulehost.samples.accountexpiry;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;

import org.modulehost.test.ModuleTestHost;


/**
 * A real SMTP server for the tests (GreenMail on a free loopback port, one per test run), and the
 * messages it received, read back part by part.
 */
final class Mailbox {

	private static final GreenMail SERVER = start();

	private Mailbox() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		return server;
	}

	/**
	 * Points a homeserver's e-mail at this server.
	 * @param builder the homeserver
	 * @return the builder
	 */
	static ModuleTestHost.Builder sendTo(ModuleTestHost.Builder builder) {
		return builder.property("spring.mail.host", "127.0.0.1")
			.property("spring.mail.port", SERVER.getSmtp().getPort())
			.property("homeserver.email.enabled", "true")
			.property("homeserver.email.app-name", "Example Chat")
			.property("homeserver.email.notif-from", "%(app)s <noreply@example.org>");
	}

	/**
	 * Waits (at most 10 s) until {@code address} received {@code count} messages.
	 * @param address the recipient
	 * @param count how many
	 * @return the messages, oldest first
	 */
	static List<Mail> awaitMail(String address, int count) {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received(address), (mails) -> mails.size() >= count);
	}

	/**
	 * Lists the messages received so far for an address.
	 * @param address the recipient
	 * @return the messages, oldest first
	 */
	static List<Mail> received(String address) {
		return Arrays.stream(SERVER.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch((to) -> to.toString().equalsIgnoreCase(address));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).map(Mail::of).toList();
	}

	/**
	 * A received message.
	 *
	 * @param subject the subject
	 * @param text the text/plain part
	 * @param html the text/html part
	 */
	record Mail(String subject, String text, String html) {

		private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

		static Mail of(MimeMessage message) {
			try {
				MimeMultipart parts = (MimeMultipart) message.getContent();
				String text = null;
				String html = null;
				for (int i = 0; i < parts.getCount(); i++) {
					BodyPart part = parts.getBodyPart(i);
					if (part.isMimeType("text/plain")) {
						text = (String) part.getContent();
					}
					else if (part.isMimeType("text/html")) {
						html = (String) part.getContent();
					}
				}
				return new Mail(message.getSubject(), String.valueOf(text), String.valueOf(html));
			}
			catch (MessagingException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Finds the renewal link of the text part.
		 * @return the link
		 */
		String link() {
			Matcher matcher = LINK.matcher(this.text);
			if (!matcher.find()) {
				throw new AssertionError("No link in " + this.text);
			}
			return matcher.group();
		}

	}

}

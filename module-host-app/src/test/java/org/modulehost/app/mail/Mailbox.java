package org.modulehost.app.mail;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.awaitility.Awaitility.await;

/**
 * A real SMTP server for the tests (GreenMail, on a free port of the loopback interface), started
 * once per test run, and the messages it received, read back as a mail client would. Part of the
 * homeserver's test jar, so that sample modules' tests use the same server.
 */
public final class Mailbox {

	private static final GreenMail SERVER = start();

	private Mailbox() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		return server;
	}

	/**
	 * The server's SMTP port.
	 * @return the port
	 */
	public static int port() {
		return SERVER.getSmtp().getPort();
	}

	/**
	 * Points the homeserver's e-mail at this server.
	 * @param registry the test context's properties
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", Mailbox::port);
		registry.add("homeserver.email.enabled", () -> "true");
		registry.add("homeserver.email.notif-from", () -> "%(app)s <noreply@example.org>");
	}

	/**
	 * A port nothing listens on: an SMTP server that is down.
	 * @return the port
	 */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits (at most 10 s) for the first message sent to an address and reads it.
	 * @param address the recipient
	 * @return the message
	 */
	public static Mail receive(String address) {
		return awaitMail(address, 1).get(0);
	}

	/**
	 * Waits (at most 10 s) until an address received a number of messages.
	 * @param address the recipient
	 * @param count how many
	 * @return the messages, oldest first
	 */
	public static List<Mail> awaitMail(String address, int count) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> received(address), (mails) -> mails.size() >= count);
	}

	/**
	 * Lists the messages received so far for an address.
	 * @param address the recipient
	 * @return the messages, oldest first
	 */
	public static List<Mail> received(String address) {
		return Arrays.stream(SERVER.getReceivedMessages()).filter((message) -> {
			try {
				Address[] to = message.getRecipients(Message.RecipientType.TO);
				return to != null && Arrays.stream(to).anyMatch((a) -> a.toString().equalsIgnoreCase(address));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).map(Mail::of).toList();
	}

	/**
	 * A received message.
	 *
	 * @param from the From header as sent
	 * @param subject the subject
	 * @param contentType the message's content type
	 * @param text the text/plain part
	 * @param html the text/html part
	 */
	public record Mail(String from, String subject, String contentType, String text, String html) {

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
				return new Mail(message.getHeader("From", ","), message.getSubject(), message.getContentType(),
						String.valueOf(text), String.valueOf(html));
			}
			catch (MessagingException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The first link of the text part. */
		public String link() {
			Matcher matcher = LINK.matcher(this.text);
			if (!matcher.find()) {
				throw new AssertionError("no link in " + this.text);
			}
			return matcher.group();
		}

	}

}

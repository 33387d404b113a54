package org.modulehost.homeserver.email;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.MatrixError;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends e-mails with an HTML and a plain-text part ({@code multipart/alternative}, as Synapse's
 * mails) from {@code homeserver.email.notif-from}, through Spring Boot's {@link JavaMailSender}.
 * Sending runs on the mailer's own threads, so no request thread waits on the mail server; the
 * returned stage completes once the mail server accepted the message.
 */
public final class Mailer {

	private static final Logger logger = LoggerFactory.getLogger(Mailer.class);

	private final @Nullable JavaMailSender sender;

	private final @Nullable InternetAddress from;

	private final String appName;

	private final ExecutorService executor;

	Mailer(@Nullable JavaMailSender sender, @Nullable InternetAddress from, String appName, ExecutorService executor) {
		this.sender = sender;
		this.from = from;
		this.appName = appName;
		this.executor = executor;
	}

	/**
	 * Whether e-mail is enabled ({@code homeserver.email.enabled} with a mail server).
	 * @return {@code true} when {@link #send} can send
	 */
	public boolean enabled() {
		return this.sender != null;
	}

	/**
	 * The application name of e-mails, {@code homeserver.email.app-name}.
	 * @return the name
	 */
	public String appName() {
		return this.appName;
	}

	/**
	 * Sends an e-mail.
	 * @param recipient the address
	 * @param subject the subject
	 * @param html the HTML part
	 * @param text the plain-text part
	 * @return a stage completed once the mail server accepted the message; failed with a
	 * {@link MatrixError} ({@code M_INVALID_PARAM}) for an address that is not one, and with an
	 * {@link IllegalStateException} saying why when e-mail is not enabled or the mail server
	 * refused or could not be reached
	 */
	public CompletionStage<Void> send(String recipient, String subject, String html, String text) {
		JavaMailSender sender = this.sender;
		InternetAddress from = this.from;
		if (sender == null || from == null) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"E-mail is not enabled: set homeserver.email.enabled: true and spring.mail.host"));
		}
		InternetAddress to;
		try {
			to = parseAddress(recipient);
		}
		catch (MatrixError ex) {
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<Void> sent = new CompletableFuture<>();
		try {
			this.executor.execute(() -> {
				try {
					sender.send(message(sender, from, to, subject, html, text));
					sent.complete(null);
				}
				catch (MailException | MessagingException ex) {
					logger.warn("Could not send e-mail to {}: {}", to.getAddress(), ex.toString());
					sent.completeExceptionally(new IllegalStateException(
							"Could not send e-mail to " + to.getAddress() + ": " + ex.getMessage(), ex));
				}
				catch (RuntimeException ex) {
					sent.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			sent.completeExceptionally(new IllegalStateException("Could not send e-mail: the mailer is shut down", ex));
		}
		return sent;
	}

	/**
	 * Parses one e-mail address, strictly (RFC 822 syntax, a domain part, no name).
	 * @param address the address
	 * @return the address
	 * @throws MatrixError 400 {@code M_INVALID_PARAM} when it is not one address
	 */
	public static InternetAddress parseAddress(String address) {
		try {
			if (address.isBlank() || address.length() > 320 || address.indexOf('<') >= 0 || address.indexOf(',') >= 0) {
				throw new AddressException("not a single bare address");
			}
			InternetAddress parsed = new InternetAddress(address, true);
			String value = parsed.getAddress();
			int at = value.lastIndexOf('@');
			if (at < 1 || at == value.length() - 1 || !value.equals(address.strip())) {
				throw new AddressException("no domain");
			}
			return parsed;
		}
		catch (AddressException ex) {
			throw new MatrixError(400, Codes.INVALID_PARAM, "Unable to parse email address");
		}
	}

	private static MimeMessage message(JavaMailSender sender, InternetAddress from, InternetAddress to,
			String subject, String html, String text) throws MessagingException {
		MimeMessage message = sender.createMimeMessage();
		message.setFrom(from);
		message.setRecipient(MimeMessage.RecipientType.TO, to);
		message.setSubject(subject, StandardCharsets.UTF_8.name());
		MimeBodyPart textPart = new MimeBodyPart();
		textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart htmlPart = new MimeBodyPart();
		htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
		// the preferred part last, as RFC 2046 asks for multipart/alternative
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(textPart);
		alternative.addBodyPart(htmlPart);
		message.setContent(alternative);
		message.setSentDate(new java.util.Date());
		message.saveChanges();
		return message;
	}

	void shutdown() {
		this.executor.shutdown();
	}

}

package org.modulehost.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The e-mail side of the client suites: a real SMTP server (GreenMail, on a free loopback port)
 * the homeserver process sends to, and a small HTTP endpoint the suites (other processes) read the
 * received links from: {@code GET <url>/link?to=<address>} answers the first link of the last
 * message to that address, 404 while there is none. Started once per test run.
 */
final class TestMailbox {

	private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

	private static final GreenMail SMTP = startSmtp();

	private static final HttpServer READER = startReader();

	private TestMailbox() {
	}

	static int smtpPort() {
		return SMTP.getSmtp().getPort();
	}

	/** The base URL of the link reader. */
	static String url() {
		return "http://127.0.0.1:" + READER.getAddress().getPort();
	}

	private static GreenMail startSmtp() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		return server;
	}

	private static HttpServer startReader() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/link", (exchange) -> {
				String query = exchange.getRequestURI().getRawQuery();
				String to = (query != null && query.startsWith("to="))
						? URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8) : "";
				String link = lastLink(to);
				byte[] body = (link != null ? link : "no message to " + to).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders((link != null) ? 200 : 404, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the test mailbox's link reader", ex);
		}
	}

	private static String lastLink(String to) {
		MimeMessage[] messages = Arrays.stream(SMTP.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch((address) -> address.toString().equalsIgnoreCase(to));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toArray(MimeMessage[]::new);
		if (messages.length == 0) {
			return null;
		}
		Matcher matcher = LINK.matcher(GreenMailUtil.getBody(messages[messages.length - 1]));
		return matcher.find() ? matcher.group() : null;
	}

}

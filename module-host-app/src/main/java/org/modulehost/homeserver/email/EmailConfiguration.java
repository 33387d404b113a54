package org.modulehost.homeserver.email;

import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.modulehost.homeserver.EmailProperties;
import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * E-mail: the {@link Mailer} over Spring Boot's {@link JavaMailSender} and the
 * {@link EmailTemplates}. With {@code homeserver.email.enabled} the mail server
 * ({@code spring.mail.host}) and the sender ({@code homeserver.email.notif-from}) must be set,
 * else start-up stops naming the missing setting.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmailProperties.class)
public final class EmailConfiguration {

	/** Threads that talk to the mail server; sends beyond them wait in the queue. */
	private static final int SEND_THREADS = 2;

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	Mailer homeserverMailer(EmailProperties properties, ObjectProvider<JavaMailSender> senders) {
		if (!properties.isEnabled()) {
			return new Mailer(null, null, properties.getAppName(), Executors.newSingleThreadExecutor(threads()));
		}
		JavaMailSender sender = senders.getIfAvailable();
		if (sender == null) {
			throw new InvalidSettingException("spring.mail.host", "is not set, but homeserver.email.enabled is true",
					"set spring.mail.host (and spring.mail.port, spring.mail.username, spring.mail.password) to "
							+ "your SMTP server, or set homeserver.email.enabled: false");
		}
		return new Mailer(sender, from(properties), properties.getAppName(),
				Executors.newFixedThreadPool(SEND_THREADS, threads()));
	}

	@Bean
	@ConditionalOnMissingBean
	EmailTemplates homeserverEmailTemplates(EmailProperties properties, HomeserverProperties homeserver,
			Environment environment) {
		if (properties.getTemplateDir() != null && !java.nio.file.Files.isDirectory(properties.getTemplateDir())) {
			throw new InvalidSettingException("homeserver.email.template-dir",
					"is not a directory (" + properties.getTemplateDir().toAbsolutePath() + ")",
					"set it to the directory holding your e-mail templates, or leave it out for the built-in ones");
		}
		return new EmailTemplates(properties.getTemplateDir(), homeserver.publicBaseurlOrLocal(environment),
				ZoneId.systemDefault());
	}

	static InternetAddress from(EmailProperties properties) {
		String configured = properties.getNotifFrom();
		if (configured == null || configured.isBlank()) {
			throw new InvalidSettingException("homeserver.email.notif-from", "is not set, but homeserver.email.enabled is true",
					"set it to the sender of the homeserver's e-mails, such as '%(app)s <noreply@example.org>'");
		}
		String value = configured.replace("%(app)s", properties.getAppName()).strip();
		try {
			java.util.regex.Matcher named = NAMED.matcher(value);
			InternetAddress address = named.matches()
					? new InternetAddress(named.group(2).strip(), unquote(named.group(1).strip()), "UTF-8")
					: new InternetAddress(value, true);
			address.validate();
			return address;
		}
		catch (AddressException | java.io.UnsupportedEncodingException ex) {
			throw new InvalidSettingException("homeserver.email.notif-from",
					"is not an e-mail address ('" + configured + "': " + ex.getMessage() + ")",
					"set it to an address, optionally with a name, such as '%(app)s <noreply@example.org>'");
		}
	}

	private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("(.*)<([^<>]+)>");

	private static String unquote(String name) {
		return (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\""))
				? name.substring(1, name.length() - 1) : name;
	}

	private static ThreadFactory threads() {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, "homeserver-mail-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}

package org.modulehost.homeserver;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of e-mail ({@code homeserver.email.*}): the sender, the application name and the
 * templates of the mails the homeserver and its modules send. The mail server itself is Spring
 * Boot's {@code spring.mail.*} ({@code host}, {@code port}, {@code username}, {@code password},
 * {@code properties.mail.smtp.starttls.enable}, ...).
 */
@ConfigurationProperties("homeserver.email")
public class EmailProperties {

	/** Whether the homeserver sends e-mail (address validation, password reset, modules' sendMail); needs spring.mail.host. */
	private boolean enabled;

	/** Sender of every e-mail: an address, optionally with a name ("Example <noreply@example.org>"); "%(app)s" is replaced by app-name, as in Synapse's notif_from. */
	private @Nullable String notifFrom;

	/** Application name in e-mails (subjects and templates' app_name), Synapse's app_name. */
	private String appName = "Matrix";

	/** Directory searched first for e-mail templates (Synapse's email.template_dir); unset: the built-in templates only. */
	private @Nullable Path templateDir;

	/** How long the link of an address-validation or password-reset e-mail stays valid. */
	private Duration validationTokenLifetime = Duration.ofHours(1);

	/** Validation e-mails asked for per address and per client IP address (Synapse's rc_3pid_validation). */
	private final HomeserverProperties.Limit ratelimit = new HomeserverProperties.Limit(0.003, 5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getNotifFrom() {
		return this.notifFrom;
	}

	public void setNotifFrom(@Nullable String notifFrom) {
		this.notifFrom = notifFrom;
	}

	public String getAppName() {
		return this.appName;
	}

	public void setAppName(String appName) {
		this.appName = appName;
	}

	public @Nullable Path getTemplateDir() {
		return this.templateDir;
	}

	public void setTemplateDir(@Nullable Path templateDir) {
		this.templateDir = templateDir;
	}

	public Duration getValidationTokenLifetime() {
		return this.validationTokenLifetime;
	}

	public void setValidationTokenLifetime(Duration validationTokenLifetime) {
		this.validationTokenLifetime = validationTokenLifetime;
	}

	public HomeserverProperties.Limit getRatelimit() {
		return this.ratelimit;
	}

}

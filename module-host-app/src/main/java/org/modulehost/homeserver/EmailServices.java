package org.modulehost.homeserver;

import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.email.Mailer;
import org.modulehost.homeserver.users.Threepids;

/**
 * The services behind the e-mail members of {@code HomeserverModuleApi}.
 *
 * @param mailer sends e-mails
 * @param templates reads e-mail templates
 * @param threepids the users' third-party identifiers
 */
record EmailServices(Mailer mailer, EmailTemplates templates, Threepids threepids) {

}

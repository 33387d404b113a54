package org.modulehost.homeserver;

import org.modulehost.homeserver.email.EmailTemplates;
import org.modulehost.homeserver.email.Mailer;

/**
 * The services behind the e-mail members of {@code HomeserverModuleApi}.
 *
 * @param mailer sends e-mails
 * @param templates reads e-mail templates
 */
record EmailServices(Mailer mailer, EmailTemplates templates) {

}

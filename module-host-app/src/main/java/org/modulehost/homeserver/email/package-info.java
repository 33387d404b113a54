/**
 * E-mail: sending through Spring Boot's mail support ({@code spring.mail.*}) and rendering Jinja
 * templates as Synapse does, for address validation, password reset and modules' e-mails.
 */
@NullMarked
package org.modulehost.homeserver.email;

import org.jspecify.annotations.NullMarked;

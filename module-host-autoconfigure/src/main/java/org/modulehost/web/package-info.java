/**
 * Modules' web resources on Spring MVC: the mount table, the handler mapping and the reserved
 * namespaces; active only in a servlet web application.
 */
@NullMarked
package org.modulehost.web;

import org.jspecify.annotations.NullMarked;

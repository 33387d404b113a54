/**
 * Modules' web resources: the rules both web stacks share (paths, reserved namespaces, the
 * first-wins mount table) and their Spring MVC side (the handler mapping, the mounts); the MVC
 * side is active only in a servlet web application.
 */
@NullMarked
package org.modulehost.web;

import org.jspecify.annotations.NullMarked;

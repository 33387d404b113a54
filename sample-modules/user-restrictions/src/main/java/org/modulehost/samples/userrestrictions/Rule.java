package org.modulehost.samples.userrestrictions;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule: users whose whole ID matches {@link #match()} are allowed the permissions in
 * {@link #allow()} and denied those in {@link #deny()}; the rule says nothing about the other
 * permissions, nor about users it does not match.
 *
 * @param match the regular expression, matched against the whole user ID
 * @param allow the permissions the rule allows
 * @param deny the permissions the rule denies
 */
public record Rule(Pattern match, Set<Permission> allow, Set<Permission> deny) {

	/**
	 * Copies the sets into unmodifiable ones.
	 */
	public Rule {
		allow = Set.copyOf(allow);
		deny = Set.copyOf(deny);
	}

	/**
	 * Applies the rule.
	 * @param userId the user asking, e.g. {@code @bob:example.org}
	 * @param permission what the user asks for
	 * @return the rule's decision
	 */
	public Decision apply(String userId, Permission permission) {
		if (!this.match.matcher(userId).matches()) {
			return Decision.NONE;
		}
		if (this.allow.contains(permission)) {
			return Decision.ALLOW;
		}
		return this.deny.contains(permission) ? Decision.DENY : Decision.NONE;
	}

	/**
	 * What a rule says about a user and a permission.
	 */
	public enum Decision {

		/** The rule does not match the user, or does not mention the permission. */
		NONE,

		/** The rule allows the permission. */
		ALLOW,

		/** The rule denies the permission. */
		DENY

	}

}

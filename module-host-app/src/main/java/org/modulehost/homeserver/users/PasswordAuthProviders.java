package org.modulehost.homeserver.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistration;
import org.modulehost.homeserver.api.AuthChecker;
import org.modulehost.homeserver.api.AuthResult;
import org.modulehost.homeserver.api.Codes;
import org.modulehost.homeserver.api.LoginType;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.support.Await;
import org.modulehost.homeserver.support.Callbacks;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The login types modules check, collected once when the homeserver has started: each module's
 * {@code authCheckers()}, in module order.
 */
final class PasswordAuthProviders implements SmartInitializingSingleton {

	static final String PASSWORD = "m.login.password";

	private static final Log logger = LogFactory.getLog(PasswordAuthProviders.class);

	private final Callbacks callbacks;

	private volatile Map<String, List<Checker>> checkers = Map.of();

	PasswordAuthProviders(Callbacks callbacks) {
		this.callbacks = callbacks;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, List<Checker>> collected = new LinkedHashMap<>();
		for (CallbackRegistration registration : this.callbacks.registry()
			.registrations(PasswordAuthProviderCallbacks.class)) {
			if (!registration.callback().getName().equals("authCheckers")) {
				continue;
			}
			Map<LoginType, AuthChecker> declared;
			try {
				declared = ((PasswordAuthProviderCallbacks) registration.target()).authCheckers();
			}
			catch (RuntimeException ex) {
				logger.error("Module '" + registration.moduleName() + "' failed in authCheckers(); its login types "
						+ "are not offered", ex);
				continue;
			}
			if (declared == null) {
				continue;
			}
			declared.forEach((type, checker) -> collected.computeIfAbsent(type.type(), (key) -> new ArrayList<>())
				.add(new Checker(registration.moduleName(), type, checker)));
		}
		collected.replaceAll((type, list) -> List.copyOf(list));
		this.checkers = Map.copyOf(collected);
		if (!collected.isEmpty()) {
			logger.info("Login types offered by modules: " + collected.keySet());
		}
	}

	/**
	 * Lists the login types, {@code m.login.password} first.
	 * @return the types
	 */
	Set<String> loginTypes() {
		Set<String> types = new LinkedHashSet<>();
		types.add(PASSWORD);
		types.addAll(this.checkers.keySet());
		return types;
	}

	/**
	 * Runs the modules' checkers for a login type in order until one answers a result.
	 * @param username the user identifier as the client sent it
	 * @param loginType the login type
	 * @param submission the whole login submission
	 * @return the first result, or {@code null} when no checker answered one
	 * @throws MatrixError 400 when the submission lacks a field a checker of the type needs, or
	 * the type is unknown
	 */
	@Nullable AuthResult check(String username, String loginType, Map<String, Object> submission) {
		List<Checker> forType = this.checkers.getOrDefault(loginType, List.of());
		if (forType.isEmpty()) {
			if (!PASSWORD.equals(loginType)) {
				throw new MatrixError(400, Codes.UNKNOWN, "Unknown login type " + loginType);
			}
			return null;
		}
		Set<String> missing = new LinkedHashSet<>();
		for (Checker checker : forType) {
			checker.type().fields().stream().filter((field) -> !submission.containsKey(field)).forEach(missing::add);
		}
		if (!missing.isEmpty()) {
			throw new MatrixError(400, Codes.MISSING_PARAM,
					"Missing parameters for login type " + loginType + ": " + missing);
		}
		for (Checker checker : forType) {
			Map<String, Object> loginDict = new LinkedHashMap<>();
			checker.type().fields().forEach((field) -> loginDict.put(field, submission.get(field)));
			try {
				AuthResult result = Await.join(checker.checker().check(username, loginType, loginDict));
				if (result != null && result.userId() != null && !result.userId().isEmpty()) {
					return result;
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Auth checker of module '" + checker.module() + "' for " + loginType
						+ " failed; trying the next one", ex);
			}
		}
		return null;
	}

	record Checker(String module, LoginType type, AuthChecker checker) {

	}

}

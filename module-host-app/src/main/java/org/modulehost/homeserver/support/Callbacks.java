package org.modulehost.homeserver.support;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.modulehost.api.callback.CallbackRegistry;
import org.modulehost.homeserver.api.callbacks.AccountDataCallbacks;
import org.modulehost.homeserver.api.callbacks.AccountValidityCallbacks;
import org.modulehost.homeserver.api.callbacks.PasswordAuthProviderCallbacks;
import org.modulehost.homeserver.api.callbacks.MediaRepositoryCallbacks;
import org.modulehost.homeserver.api.callbacks.RatelimitCallbacks;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;
import org.modulehost.homeserver.api.callbacks.UnsignedFieldsCallbacks;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The dispatchers of the homeserver's callback categories, through which the homeserver calls
 * the modules' callbacks exactly where Synapse calls them.
 */
public final class Callbacks implements SmartInitializingSingleton {

	private final CallbackRegistry registry;

	private final SpamCheckerCallbacks spamChecker;

	private final ThirdPartyRulesCallbacks thirdPartyRules;

	private final AccountValidityCallbacks accountValidity;

	private final PasswordAuthProviderCallbacks passwordAuthProvider;

	private final AccountDataCallbacks accountData;

	private final UnsignedFieldsCallbacks unsignedFields;

	private final RatelimitCallbacks ratelimit;

	private final MediaRepositoryCallbacks mediaRepository;

	private volatile @Nullable Set<String> registered;

	/**
	 * Fetches the dispatchers.
	 * @param registry the callback registry
	 */
	public Callbacks(CallbackRegistry registry) {
		this.registry = registry;
		this.spamChecker = registry.dispatcher(SpamCheckerCallbacks.class);
		this.thirdPartyRules = registry.dispatcher(ThirdPartyRulesCallbacks.class);
		this.accountValidity = registry.dispatcher(AccountValidityCallbacks.class);
		this.passwordAuthProvider = registry.dispatcher(PasswordAuthProviderCallbacks.class);
		this.accountData = registry.dispatcher(AccountDataCallbacks.class);
		this.unsignedFields = registry.dispatcher(UnsignedFieldsCallbacks.class);
		this.ratelimit = registry.dispatcher(RatelimitCallbacks.class);
		this.mediaRepository = registry.dispatcher(MediaRepositoryCallbacks.class);
	}

	/**
	 * Returns the registry.
	 * @return the registry
	 */
	public CallbackRegistry registry() {
		return this.registry;
	}

	/**
	 * Tells whether any module registered a callback; lets the homeserver skip work that only a
	 * callback needs (such as reading a room's state for it).
	 * @param category the category
	 * @param callback the callback's method name
	 * @return whether at least one module registered it
	 */
	public boolean has(Class<?> category, String callback) {
		Set<String> registered = this.registered;
		if (registered != null) {
			return registered.contains(category.getName() + "#" + callback);
		}
		return this.registry.registrations(category)
			.stream()
			.anyMatch((registration) -> registration.callback().getName().equals(callback));
	}

	/**
	 * Remembers which callbacks are registered, once every module was loaded (modules register
	 * only while their constructor runs), so that {@link #has} costs a set lookup.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Set<String> registered = new HashSet<>();
		for (Class<?> category : this.registry.categories()) {
			this.registry.registrations(category)
				.forEach((registration) -> registered.add(category.getName() + "#" + registration.callback().getName()));
		}
		this.registered = Set.copyOf(registered);
	}

	/**
	 * Returns the spam checker dispatcher.
	 * @return the dispatcher
	 */
	public SpamCheckerCallbacks spamChecker() {
		return this.spamChecker;
	}

	/**
	 * Returns the third-party rules dispatcher.
	 * @return the dispatcher
	 */
	public ThirdPartyRulesCallbacks thirdPartyRules() {
		return this.thirdPartyRules;
	}

	/**
	 * Returns the account validity dispatcher.
	 * @return the dispatcher
	 */
	public AccountValidityCallbacks accountValidity() {
		return this.accountValidity;
	}

	/**
	 * Returns the password auth provider dispatcher.
	 * @return the dispatcher
	 */
	public PasswordAuthProviderCallbacks passwordAuthProvider() {
		return this.passwordAuthProvider;
	}

	/**
	 * Returns the account data dispatcher.
	 * @return the dispatcher
	 */
	public AccountDataCallbacks accountData() {
		return this.accountData;
	}

	/**
	 * Returns the unsigned fields dispatcher.
	 * @return the dispatcher
	 */
	public UnsignedFieldsCallbacks unsignedFields() {
		return this.unsignedFields;
	}

	/**
	 * Returns the rate-limit dispatcher.
	 * @return the dispatcher
	 */
	public RatelimitCallbacks ratelimit() {
		return this.ratelimit;
	}

	/**
	 * Returns the media repository dispatcher.
	 * @return the dispatcher
	 */
	public MediaRepositoryCallbacks mediaRepository() {
		return this.mediaRepository;
	}

}

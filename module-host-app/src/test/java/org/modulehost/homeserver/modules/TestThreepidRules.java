package org.modulehost.homeserver.modules;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.modulehost.homeserver.api.Event;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.SpamCheck;
import org.modulehost.homeserver.api.StateKey;
import org.modulehost.homeserver.api.callbacks.SpamCheckerCallbacks;
import org.modulehost.homeserver.api.callbacks.ThirdPartyRulesCallbacks;

/**
 * Third-party invites and bindings: refuses invites to addresses starting with {@code spam}
 * ({@code ORG_EXAMPLE_NO_3PID}) and to addresses starting with {@code blocked} in rooms named
 * {@code closed} (it sees the room's state); records every call.
 */
public class TestThreepidRules implements SpamCheckerCallbacks, ThirdPartyRulesCallbacks {

	public TestThreepidRules(Map<String, Object> config, HomeserverModuleApi api) {
		api.registerSpamCheckerCallbacks(this);
		api.registerThirdPartyRulesCallbacks(this);
	}

	@Override
	public CompletionStage<SpamCheck> userMaySend3pidInvite(String inviter, String medium, String address,
			String roomId) {
		Recorder.record("userMaySend3pidInvite:" + inviter + ":" + medium + ":" + address + ":" + roomId);
		return CompletableFuture.completedFuture(address.startsWith("spam")
				? SpamCheck.deny("ORG_EXAMPLE_NO_3PID", Map.of("address", address)) : SpamCheck.NOT_SPAM);
	}

	@Override
	public CompletionStage<Boolean> checkThreepidCanBeInvited(String medium, String address,
			Map<StateKey, Event> state) {
		Event name = state.get(new StateKey("m.room.name", ""));
		boolean closed = name != null && "closed".equals(name.content().get("name"));
		Recorder.record("checkThreepidCanBeInvited:" + medium + ":" + address + ":" + closed);
		return CompletableFuture.completedFuture(!(closed && address.startsWith("blocked")));
	}

	@Override
	@SuppressWarnings("deprecation")
	public CompletionStage<Void> onThreepidBind(String userId, String medium, String address) {
		Recorder.record("onThreepidBind:" + userId + ":" + medium + ":" + address);
		return CompletableFuture.completedFuture(null);
	}

}

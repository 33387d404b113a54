package org.modulehost.homeserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.modulehost.app.ModuleHostApplication;
import org.modulehost.homeserver.api.HomeserverModuleApi;
import org.modulehost.homeserver.api.UserPresenceState;
import org.modulehost.homeserver.modules.TestPresenceRouter;
import org.modulehost.homeserver.sync.Notifier;
import org.modulehost.host.LoadedModule;
import org.modulehost.host.ModuleHost;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code presence_router} category, called where Synapse calls it, and the module API's
 * presence members, through a test router loaded as an operator loads a module.
 */
@TestPropertySource(properties = "modules[0].module=org.modulehost.homeserver.modules.TestPresenceRouter")
class PresenceRouterTests extends HomeserverTestSupport {

	@Autowired
	Notifier notifier;

	@Autowired
	ModuleHost moduleHost;

	private HomeserverModuleApi api() {
		return this.moduleHost.modules()
			.stream()
			.map(LoadedModule::instance)
			.filter(TestPresenceRouter.class::isInstance)
			.map(TestPresenceRouter.class::cast)
			.findFirst()
			.orElseThrow()
			.api();
	}

	@Test
	void aUserTheRouterGivesEveryonesPresenceSeesStrangersAndIsWokenByThem() throws Exception {
		MatrixClient watcher = client().register(MatrixClient.unique("watcher"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		TestPresenceRouter.watchers.add(watcher.userId());
		PresenceSupport.set(bob, "online", "visible to the watcher");

		// Syncing online, as the long poll does, so that the poll has no news of the watcher.
		MatrixClient.Response initial = watcher.sync(null, 0);
		int before = this.notifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = watcher
			.syncAsync(initial.string("next_batch"), 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);
		PresenceSupport.set(bob, "unavailable", null);
		MatrixClient.Response woken = poll.get(10, TimeUnit.SECONDS);

		assertThat(PresenceSupport.eventsOf(initial, bob.userId())).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsEntry("status_msg",
					"visible to the watcher"));
		assertThat(PresenceSupport.statesOf(woken, bob.userId())).containsExactly("unavailable");
	}

	@Test
	void theUsersTheRouterNamesForAUserAreAddedToThoseSharingARoom() {
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		MatrixClient dave = client().register(MatrixClient.unique("dave"));
		MatrixClient erin = client().register(MatrixClient.unique("erin"));
		TestPresenceRouter.followers.put(carol.userId(), Set.of(dave.userId()));
		PresenceSupport.set(dave, "online", null);
		PresenceSupport.set(erin, "online", null);

		MatrixClient.Response sync = PresenceSupport.sync(carol, null, "");

		assertThat(PresenceSupport.statesOf(sync, dave.userId())).containsExactly("online");
		assertThat(PresenceSupport.eventsOf(sync, erin.userId())).isEmpty();
	}

	@Test
	void getUsersForStatesIsAskedAboutEveryUpdateWorthTelling() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));

		PresenceSupport.set(bob, "online", "first");
		PresenceSupport.set(bob, "online", "second");

		assertThat(TestPresenceRouter.updates.stream()
			.flatMap(List::stream)
			.filter((state) -> state.userId().equals(bob.userId()))
			.map(UserPresenceState::statusMsg)
			.toList()).containsExactly("first", "second");
	}

	@Test
	void aRouterThatFailsForAUserIsSkippedAndTheSyncStillCarriesRoomMates() {
		MatrixClient crash = client().register(MatrixClient.unique("crash"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = crash.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		PresenceSupport.set(bob, "online", null);

		MatrixClient.Response sync = PresenceSupport.sync(crash, null, "");

		assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
		assertThat(PresenceSupport.statesOf(sync, bob.userId())).containsExactly("online");
	}

	@Test
	void sendLocalOnlinePresenceToGivesTheNextSyncEveryOnlineUserOnce() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		MatrixClient carol = client().register(MatrixClient.unique("carol"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		carol.join(roomId);
		PresenceSupport.set(bob, "online", null);
		PresenceSupport.set(carol, "offline", null);
		String since = alice.sync(null, 0).string("next_batch");
		int before = this.notifier.waiting();
		CompletableFuture<MatrixClient.Response> poll = alice.syncAsync(since, 30_000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifier.waiting() > before);

		api().sendLocalOnlinePresenceTo(List.of(alice.userId(), "@someone:elsewhere.example"))
			.toCompletableFuture()
			.get(10, TimeUnit.SECONDS);
		MatrixClient.Response full = poll.get(10, TimeUnit.SECONDS);
		MatrixClient.Response after = PresenceSupport.sync(alice, full.string("next_batch"), "");

		assertThat(PresenceSupport.statesOf(full, bob.userId())).containsExactly("online");
		assertThat(PresenceSupport.eventsOf(full, carol.userId())).isEmpty();
		assertThat(PresenceSupport.events(after)).isEmpty();
	}

	@Test
	void setPresenceForUsersSetsTheStateAndTellsRoomMates() throws Exception {
		MatrixClient alice = client().register(MatrixClient.unique("alice"));
		MatrixClient bob = client().register(MatrixClient.unique("bob"));
		String roomId = alice.createRoom(Map.of("preset", "public_chat"));
		bob.join(roomId);
		String since = PresenceSupport.sync(alice, null, "").string("next_batch");

		api().setPresenceForUsers(Map.of(bob.userId(),
				new UserPresenceState(bob.userId(), "unavailable", 0, 0, "set by a module", false)))
			.toCompletableFuture()
			.get(10, TimeUnit.SECONDS);

		assertThat(PresenceSupport.eventsOf(PresenceSupport.sync(alice, since, ""), bob.userId())).singleElement()
			.satisfies((event) -> assertThat(MatrixClient.content(event)).containsEntry("presence", "unavailable")
				.containsEntry("status_msg", "set by a module"));
		assertThat(PresenceSupport.get(bob, bob.userId()).body()).containsEntry("presence", "unavailable");
	}

	@Test
	void setPresenceForUsersRefusesAnUnknownStateAndStoresNothing() {
		MatrixClient bob = client().register(MatrixClient.unique("bob"));

		CompletableFuture<Void> set = api()
			.setPresenceForUsers(Map.of(bob.userId(), new UserPresenceState(bob.userId(), "busy", 0, 0, null, false)))
			.toCompletableFuture();

		assertThatThrownBy(set::join).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(IllegalArgumentException.class);
		assertThat(PresenceSupport.get(bob, bob.userId()).body()).containsEntry("presence", "offline");
	}

	@Test
	void aRouterOverridingOnlyOneOfTheTwoCallbacksStopsStartUp() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(ModuleHostApplication.class);

		assertThatThrownBy(() -> builder.run("--server.port=0", "--management.server.port=0",
				"--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:onesided" + MatrixClient.unique("db") + ";DB_CLOSE_DELAY=-1",
				"--modules[0].module=" + TestPresenceRouter.OneSided.class.getName()).close())
			.hasStackTraceContaining("must override both getUsersForStates and getInterestedUsers");
	}

}

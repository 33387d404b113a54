package org.modulehost.homeserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.modulehost.app.mail.Mailbox;
import org.modulehost.homeserver.api.MatrixError;
import org.modulehost.homeserver.modules.Recorder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.modulehost.homeserver.ThreepidSupport.ADD;
import static org.modulehost.homeserver.ThreepidSupport.PASSWORD;
import static org.modulehost.homeserver.ThreepidSupport.REGISTER;
import static org.modulehost.homeserver.ThreepidSupport.address;
import static org.modulehost.homeserver.ThreepidSupport.creds;
import static org.modulehost.homeserver.ThreepidSupport.link;
import static org.modulehost.homeserver.ThreepidSupport.requestToken;
import static org.modulehost.homeserver.ThreepidSupport.sid;
import static org.modulehost.homeserver.ThreepidSupport.validated;

/**
 * E-mail addresses as third-party identifiers, over real HTTP with a real SMTP server: the
 * validation e-mails and their links, registration, adding and removing addresses, password
 * reset, login by address, and the callbacks at Synapse's call sites.
 */
@TestPropertySource(properties = { "modules[8].module=org.modulehost.homeserver.modules.TestThreepidIdentifiers",
		"homeserver.email.ratelimit.per-second=1000", "homeserver.email.ratelimit.burst-count=1000" })
@SuppressWarnings("unchecked")
class ThreepidTests extends WithTestModules {

	static final String PASS = "correct horse battery staple";

	@DynamicPropertySource
	static void email(DynamicPropertyRegistry registry) {
		Mailbox.register(registry);
	}

	private MatrixClient withAddress(String localpart, String email) {
		MatrixClient user = client().register(localpart, PASS);
		String sid = validated(user, ADD, email, "secret");
		MatrixClient.Response added = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "secret", "sid", sid, "auth",
						Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", localpart),
								"password", PASS)));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		return user;
	}

	@Test
	void registrationOffersTheEmailStageBesideTheDummyOneAndCompletesWithAValidatedAddress() {
		String email = address("reg");
		String localpart = MatrixClient.unique("emailreg");
		MatrixClient.Response first = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart, "password", PASS));
		assertThat(first.status()).isEqualTo(401);
		assertThat(first.body().get("flows")).isEqualTo(
				List.of(Map.of("stages", List.of("m.login.dummy")), Map.of("stages", List.of("m.login.email.identity"))));
		String sid = validated(client(), REGISTER, email, "regsecret");
		Mailbox.Mail mail = Mailbox.receive(email);
		assertThat(mail.from()).isEqualTo("Matrix <noreply@example.org>");
		assertThat(mail.subject()).isEqualTo("[localhost] Confirm your e-mail address");
		assertThat(mail.html()).contains("href=\"http://localhost:" + this.port
				+ "/_matrix/client/unstable/registration/email/submit_token?token=");
		MatrixClient.Response done = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart, "password", PASS, "auth", Map.of("type", "m.login.email.identity",
						"session", first.string("session"), "threepid_creds", creds(sid, "regsecret"))));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		String userId = done.string("user_id");
		MatrixClient user = client().login(localpart, PASS);
		assertThat(user.get("/_matrix/client/v3/account/3pid").body().get("threepids")).asList()
			.singleElement()
			.satisfies((threepid) -> assertThat((Map<String, Object>) threepid).containsEntry("medium", "email")
				.containsEntry("address", email)
				.containsKeys("validated_at", "added_at"));
		assertThat(Recorder.calls()).contains("onAdd3pid:" + userId + ":email:" + email,
				"is3pidAllowed:" + email + ":true", "registrationEmail:" + localpart + ":" + email);
		// the session is used up: registering again with it fails
		MatrixClient.Response again = client().post("/_matrix/client/v3/register",
				Map.of("username", localpart + "b", "password", PASS, "auth",
						Map.of("type", "m.login.email.identity", "threepid_creds", creds(sid, "regsecret"))));
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
	}

	@Test
	void theSameClientSecretAndSendAttemptAnswerTheSameSessionWithoutSendingAgain() {
		String email = address("again");
		String sid = sid(client(), REGISTER, email, "againsecret");
		Mailbox.receive(email);
		MatrixClient.Response same = requestToken(client(), REGISTER, email, "againsecret", 1);
		assertThat(same.status()).isEqualTo(200);
		assertThat(same.string("sid")).isEqualTo(sid);
		MatrixClient.Response next = requestToken(client(), REGISTER, email, "againsecret", 2);
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.string("sid")).isEqualTo(sid);
		org.awaitility.Awaitility.await().until(() -> Mailbox.received(email).size() == 2);
		assertThat(Mailbox.received(email)).hasSize(2);
	}

	@Test
	void badRequestsForTokensAreRefusedWithTheirErrorCodes() {
		MatrixClient.Response notAnAddress = requestToken(client(), REGISTER, "not an address", "s", 1);
		assertThat(notAnAddress.status()).isEqualTo(400);
		assertThat(notAnAddress.string("errcode")).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response badSecret = requestToken(client(), ADD, address("x"), "no spaces allowed", 1);
		assertThat(badSecret.status()).isEqualTo(400);
		assertThat(badSecret.string("errcode")).isEqualTo("M_INVALID_PARAM");
		MatrixClient.Response noAttempt = client().post(REGISTER, Map.of("email", address("x"), "client_secret", "s"));
		assertThat(noAttempt.status()).isEqualTo(400);
		assertThat(noAttempt.string("errcode")).isEqualTo("M_MISSING_PARAM");
		MatrixClient.Response fileLink = client().post(REGISTER, Map.of("email", address("x"), "client_secret", "s",
				"send_attempt", 1, "next_link", "file:///etc/passwd"));
		assertThat(fileLink.status()).isEqualTo(400);
		assertThat(fileLink.string("errcode")).isEqualTo("M_INVALID_PARAM");
		for (String path : List.of("/_matrix/client/v3/register/msisdn/requestToken",
				"/_matrix/client/v3/account/3pid/msisdn/requestToken",
				"/_matrix/client/v3/account/password/msisdn/requestToken")) {
			MatrixClient.Response msisdn = client().post(path,
					Map.of("client_secret", "s", "country", "GB", "phone_number", "07700900000", "send_attempt", 1));
			assertThat(msisdn.status()).as(path).isEqualTo(400);
			assertThat(msisdn.string("errcode")).as(path).isEqualTo("M_UNKNOWN");
		}
	}

	@Test
	void anAddressInUseIsRefusedForRegistrationAndForAddingInAnyCase() {
		String email = address("inuse");
		withAddress(MatrixClient.unique("owner"), email);
		MatrixClient.Response register = requestToken(client(), REGISTER, email.toUpperCase(), "s1", 1);
		assertThat(register.status()).isEqualTo(400);
		assertThat(register.string("errcode")).isEqualTo("M_THREEPID_IN_USE");
		MatrixClient other = client().register(MatrixClient.unique("other"), PASS);
		MatrixClient.Response add = requestToken(other, ADD, email, "s2", 1);
		assertThat(add.status()).isEqualTo(400);
		assertThat(add.string("errcode")).isEqualTo("M_THREEPID_IN_USE");
	}

	@Test
	void aModuleCanRefuseAnAddressWithThreepidDenied() {
		MatrixClient.Response register = requestToken(client(), REGISTER, "someone@denied.example", "s", 1);
		assertThat(register.status()).isEqualTo(403);
		assertThat(register.string("errcode")).isEqualTo("M_THREEPID_DENIED");
		MatrixClient user = client().register(MatrixClient.unique("refused3pid"), PASS);
		MatrixClient.Response add = requestToken(user, ADD, "someone@denied.example", "s", 1);
		assertThat(add.status()).isEqualTo(403);
		assertThat(add.string("errcode")).isEqualTo("M_THREEPID_DENIED");
		assertThat(Recorder.calls()).contains("is3pidAllowed:someone@denied.example:false");
	}

	@Test
	void addingNeedsUserInteractiveAuthAndAValidatedUnusedSession() {
		String localpart = MatrixClient.unique("adder");
		MatrixClient user = client().register(localpart, PASS);
		String email = address("add");
		String unvalidated = sid(user, ADD, email, "addsecret");
		Map<String, Object> password = Map.of("type", "m.login.password", "identifier",
				Map.of("type", "m.id.user", "user", localpart), "password", PASS);
		MatrixClient.Response challenge = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "addsecret", "sid", unvalidated));
		assertThat(challenge.status()).isEqualTo(401);
		assertThat(challenge.body()).containsKey("flows");
		MatrixClient.Response notValidated = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "addsecret", "sid", unvalidated, "auth", password));
		assertThat(notValidated.status()).isEqualTo(400);
		assertThat(notValidated.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		String link = link(email);
		MatrixClient.Response page = client().get(link);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		MatrixClient.Response secondClick = client().get(link);
		assertThat(secondClick.status()).isEqualTo(400);
		assertThat(secondClick.text()).contains("already used");
		MatrixClient.Response wrongSecret = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "othersecret", "sid", unvalidated, "auth", password));
		assertThat(wrongSecret.status()).isEqualTo(400);
		assertThat(wrongSecret.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		MatrixClient.Response added = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "addsecret", "sid", unvalidated, "auth", password));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		MatrixClient.Response reused = user.post("/_matrix/client/v3/account/3pid/add",
				Map.of("client_secret", "addsecret", "sid", unvalidated, "auth", password));
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		assertThat(Recorder.calls()).contains("onAdd3pid:" + user.userId() + ":email:" + email,
				"is3pidAllowed:" + email + ":false");
		assertThat(user.get("/_matrix/client/v3/capabilities").body().toString())
			.contains("m.3pid_changes={enabled=true}");
	}

	@Test
	void deletingAnAddressRemovesItAndTellsTheModulesWithoutAnIdentityServer() {
		String email = address("del");
		MatrixClient user = withAddress(MatrixClient.unique("deleter"), email);
		MatrixClient.Response deleted = user.post("/_matrix/client/v3/account/3pid/delete",
				Map.of("medium", "email", "address", email.toUpperCase()));
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body()).isEqualTo(Map.of("id_server_unbind_result", "no-support"));
		assertThat(user.get("/_matrix/client/v3/account/3pid").body().get("threepids")).isEqualTo(List.of());
		assertThat(Recorder.calls()).contains("onRemove3pid:" + user.userId() + ":email:" + email);
	}

	@Test
	void aForgottenPasswordIsResetByEmailAndTheOtherDevicesAreLoggedOut() {
		String localpart = MatrixClient.unique("forgetful");
		String email = address("reset");
		MatrixClient user = withAddress(localpart, email);
		MatrixClient.Response flows = client().post("/_matrix/client/v3/account/password",
				Map.of("new_password", "new password"));
		assertThat(flows.status()).isEqualTo(401);
		assertThat(flows.body().get("flows")).isEqualTo(List.of(Map.of("stages", List.of("m.login.email.identity"))));
		String sid = sid(client(), PASSWORD, email, "resetsecret");
		String link = link(email);
		assertThat(link).startsWith("/_synapse/client/password_reset/email/submit_token?token=");
		MatrixClient.Response unconfirmed = client().post("/_matrix/client/v3/account/password",
				Map.of("new_password", "new password", "auth",
						Map.of("type", "m.login.email.identity", "threepid_creds", creds(sid, "resetsecret"))));
		assertThat(unconfirmed.status()).isEqualTo(400);
		assertThat(unconfirmed.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
		MatrixClient.Response confirmation = client().get(link);
		assertThat(confirmation.status()).isEqualTo(200);
		assertThat(confirmation.text()).contains("<form method=\"post\"");
		MatrixClient.Response confirmed = client().raw("POST", "/_synapse/client/password_reset/email/submit_token",
				link.substring(link.indexOf('?') + 1), "application/x-www-form-urlencoded");
		assertThat(confirmed.status()).isEqualTo(200);
		MatrixClient.Response reset = client().post("/_matrix/client/v3/account/password",
				Map.of("new_password", "new password", "auth",
						Map.of("type", "m.login.email.identity", "threepid_creds", creds(sid, "resetsecret"))));
		assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
		assertThat(user.get("/_matrix/client/v3/account/whoami").status()).isEqualTo(401);
		client().login(localpart, "new password");
		MatrixClient.Response reused = client().post("/_matrix/client/v3/account/password",
				Map.of("new_password", "third password", "auth",
						Map.of("type", "m.login.email.identity", "threepid_creds", creds(sid, "resetsecret"))));
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.string("errcode")).isEqualTo("M_THREEPID_AUTH_FAILED");
	}

	@Test
	void passwordResetForAnUnknownAddressLooksTheSameAndSendsNothing() {
		String unknown = address("nobody");
		MatrixClient.Response answer = requestToken(client(), PASSWORD, unknown, "secret", 1);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).containsOnlyKeys("sid");
		assertThat(answer.string("sid")).isNotBlank();
		String known = address("somebody");
		withAddress(MatrixClient.unique("somebody"), known);
		MatrixClient.Response real = requestToken(client(), PASSWORD, known, "secret", 1);
		assertThat(real.status()).isEqualTo(200);
		assertThat(real.body().keySet()).isEqualTo(answer.body().keySet());
		assertThat(real.string("sid")).hasSameSizeAs(answer.string("sid"));
		org.awaitility.Awaitility.await().until(() -> Mailbox.received(known).size() == 2);
		assertThat(Mailbox.received(unknown)).isEmpty();
	}

	@Test
	void aUserLogsInWithTheirAddressInAnyCase() {
		String localpart = MatrixClient.unique("byemail");
		String email = address("login");
		withAddress(localpart, email);
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", email.toUpperCase()),
				"password", PASS));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.string("user_id")).isEqualTo("@" + localpart + ":localhost");
		assertThat(Recorder.calls()).contains("check3pidAuth:email:" + email);
		MatrixClient.Response wrong = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", email), "password",
				"wrong"));
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.string("errcode")).isEqualTo("M_FORBIDDEN");
		MatrixClient.Response unknown = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", address("unknown")),
				"password", PASS));
		assertThat(unknown.status()).isEqualTo(403);
		assertThat(unknown.string("errcode")).isEqualTo("M_FORBIDDEN");
	}

	@Test
	void check3pidAuthDecidesBeforeTheLocalStore() {
		client().register("directory-user", PASS);
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.thirdparty", "medium", "email", "address", "directory-x@example.com"),
				"password", "directory-pass"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.string("user_id")).isEqualTo("@directory-user:localhost");
		assertThat(Recorder.calls()).contains("threepidLoggedIn:@directory-user:localhost");
	}

	@Test
	void deactivationRemovesTheAddressesAndTellsTheModules() {
		String localpart = MatrixClient.unique("leaving");
		String email = address("leaving");
		MatrixClient user = withAddress(localpart, email);
		MatrixClient.Response challenge = user.post("/_matrix/client/v3/account/deactivate", Map.of());
		MatrixClient.Response deactivated = user.post("/_matrix/client/v3/account/deactivate",
				Map.of("auth", Map.of("type", "m.login.password", "session", challenge.string("session"), "identifier",
						Map.of("type", "m.id.user", "user", localpart), "password", PASS)));
		assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
		assertThat(Recorder.calls()).contains("onRemove3pid:" + user.userId() + ":email:" + email);
		MatrixClient.Response reuse = requestToken(client(), REGISTER, email, "again", 1);
		assertThat(reuse.status()).isEqualTo(200);
	}

	@Test
	void theAdminApiShowsAUsersAddresses() {
		String email = address("admin");
		MatrixClient user = withAddress(MatrixClient.unique("shown"), email);
		MatrixClient.Response details = adminClient().get("/_synapse/admin/v2/users/" + MatrixClient.encode(user.userId()));
		assertThat(details.status()).as(details.toString()).isEqualTo(200);
		assertThat(details.body().get("threepids")).asList()
			.singleElement()
			.satisfies((threepid) -> assertThat((Map<String, Object>) threepid).containsEntry("medium", "email")
				.containsEntry("address", email));
	}

	@Test
	void anAdministratorReplacesAUsersAddressesAndCreatesAUserWithSome() {
		String old = address("old");
		MatrixClient user = withAddress(MatrixClient.unique("replaced"), old);
		String path = "/_synapse/admin/v2/users/" + MatrixClient.encode(user.userId());
		String fresh = address("fresh");
		MatrixClient.Response replaced = adminClient().put(path,
				Map.of("threepids", List.of(Map.of("medium", "email", "address", fresh.toUpperCase()))));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(user.get("/_matrix/client/v3/account/3pid").body().get("threepids").toString()).contains(fresh)
			.doesNotContain(old);
		assertThat(Recorder.calls()).contains("onRemove3pid:" + user.userId() + ":email:" + old,
				"onAdd3pid:" + user.userId() + ":email:" + fresh);
		String othersAddress = address("others");
		withAddress(MatrixClient.unique("owner"), othersAddress);
		MatrixClient.Response taken = adminClient().put(path,
				Map.of("threepids", List.of(Map.of("medium", "email", "address", othersAddress))));
		assertThat(taken.status()).isEqualTo(400);
		assertThat(taken.string("errcode")).isEqualTo("M_THREEPID_IN_USE");
		String newUser = "@" + MatrixClient.unique("created") + ":localhost";
		String created = address("created");
		MatrixClient.Response create = adminClient().put("/_synapse/admin/v2/users/" + MatrixClient.encode(newUser),
				Map.of("password", PASS, "threepids", List.of(Map.of("medium", "email", "address", created))));
		assertThat(create.status()).as(create.toString()).isEqualTo(201);
		assertThat(create.body().get("threepids").toString()).contains(created);
	}

	private MatrixClient adminClient() {
		MatrixClient.Response login = client().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
				"identifier", Map.of("type", "m.id.user", "user", "nojoin-admin"), "password", PASS));
		return (login.status() == 200) ? client().login("nojoin-admin", PASS) : client().register("nojoin-admin", PASS);
	}

	@Test
	void modulesReadAddressesAndRegisterUsersWithThem() {
		String email = address("module");
		String userId = probeApi().registerUser(MatrixClient.unique("modreg"), null, false, List.of(email.toUpperCase()))
			.toCompletableFuture()
			.join();
		assertThat(probeApi().getThreepidsForUser(userId).toCompletableFuture().join())
			.isEqualTo(List.of(Map.of("medium", "email", "address", email)));
		assertThat(Recorder.calls()).contains("onAdd3pid:" + userId + ":email:" + email);
		assertThatThrownBy(() -> probeApi().registerUser(MatrixClient.unique("modreg"), null, false, List.of(email))
			.toCompletableFuture()
			.join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(MatrixError.class,
					(error) -> assertThat(error.errcode()).isEqualTo("M_THREEPID_IN_USE"));
		assertThat(probeApi().getThreepidsForUser("@nobody:localhost").toCompletableFuture().join()).isEmpty();
	}

}

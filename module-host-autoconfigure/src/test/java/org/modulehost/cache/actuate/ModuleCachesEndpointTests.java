package org.modulehost.cache.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.modulehost.cache.ControlledModule;
import org.modulehost.cache.Invalidation;
import org.modulehost.cache.RecordingBus;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/modulecaches} over a real server, with and without an admin token.
 */
class ModuleCachesEndpointTests {

	private static final String TOKEN = "s3cret-admin-token";

	private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private static Server withToken;

	private static Server withoutToken;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startServers() {
		withToken = start("modulehost.admin.token=" + TOKEN);
		withoutToken = start();
	}

	@AfterAll
	static void stopServers() {
		contexts.forEach(ConfigurableApplicationContext::close);
	}

	@BeforeEach
	void forgetPublished() {
		withToken.bus().published.clear();
	}

	@Test
	void listsEveryModuleCacheWithItsStatistics() throws Exception {
		withToken.module().lookup("listed");
		withToken.module().lookup("listed");
		HttpResponse<String> response = get(withToken, "/actuator/modulecaches");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> lookup = JsonPath.<List<Map<String, Object>>>read(response.body(),
				"$.caches[?(@.name == 'controlled.lookup')]").get(0);
		assertThat(lookup).containsEntry("module", "controlled")
			.containsEntry("method", "lookup")
			.containsEntry("capacity", 500)
			.containsEntry("tree", false)
			.containsEntry("keyParameters", List.of("java.lang.String key"))
			.containsKeys("size", "hits", "misses", "evictions", "pending");
		assertThat((Integer) lookup.get("hits")).isGreaterThanOrEqualTo(1);
		assertThat(JsonPath.<List<String>>read(response.body(), "$.caches[*].name")).contains("controlled.byRoom",
				"controlled.asyncLookup");
	}

	@Test
	void describesOneCache() throws Exception {
		HttpResponse<String> response = get(withToken, "/actuator/modulecaches/controlled.byRoom");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(response.body(), "$.tree")).isTrue();
		assertThat(JsonPath.<List<String>>read(response.body(), "$.keyParameters")).containsExactly(
				"java.lang.String room", "long user");
	}

	@Test
	void anUnknownCacheIsNotFound() throws Exception {
		assertThat(get(withToken, "/actuator/modulecaches/controlled.nothingHere").statusCode()).isEqualTo(404);
		assertThat(delete(withToken, "/actuator/modulecaches/controlled.nothingHere", TOKEN).statusCode())
			.isEqualTo(404);
		HttpResponse<String> post = post(withToken, "/actuator/modulecaches/controlled.nothingHere", TOKEN,
				"{\"keys\": [\"a\"]}");
		assertThat(post.statusCode()).isEqualTo(404);
		assertThat(JsonPath.<String>read(post.body(), "$.message"))
			.contains("There is no module cache named 'controlled.nothingHere'");
	}

	@Test
	void anAdministratorInvalidatesOneEntryEverywhere() throws Exception {
		ControlledModule module = withToken.module();
		String first = module.lookup("one");
		String other = module.lookup("other");
		HttpResponse<String> response = post(withToken, "/actuator/modulecaches/controlled.lookup", TOKEN,
				"{\"keys\": [\"one\"]}");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(module.lookup("one")).isNotEqualTo(first);
		assertThat(module.lookup("other")).isEqualTo(other);
		assertThat(withToken.bus().published).containsExactly(new Invalidation("controlled.lookup", "[{\"s\":\"one\"}]"));
	}

	@Test
	void keysAreReadAsTheMethodsParameterTypes() throws Exception {
		ControlledModule module = withToken.module();
		String member = module.byRoom("!typed", 42L);
		HttpResponse<String> response = post(withToken, "/actuator/modulecaches/controlled.byRoom", TOKEN,
				"{\"keys\": [\"!typed\", 42]}");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(module.byRoom("!typed", 42L)).isNotEqualTo(member);
		assertThat(withToken.bus().published)
			.containsExactly(new Invalidation("controlled.byRoom", "[{\"s\":\"!typed\"},{\"l\":42}]"));
	}

	@Test
	void anAdministratorInvalidatesASubtreeOfATreeCache() throws Exception {
		ControlledModule module = withToken.module();
		String one = module.byRoom("!tree", 1L);
		String two = module.byRoom("!tree", 2L);
		String elsewhere = module.byRoom("!other", 1L);
		assertThat(post(withToken, "/actuator/modulecaches/controlled.byRoom", TOKEN, "{\"keys\": [\"!tree\"]}")
			.statusCode()).isEqualTo(204);
		assertThat(module.byRoom("!tree", 1L)).isNotEqualTo(one);
		assertThat(module.byRoom("!tree", 2L)).isNotEqualTo(two);
		assertThat(module.byRoom("!other", 1L)).isEqualTo(elsewhere);
	}

	@Test
	void anAdministratorDropsAWholeCacheEverywhere() throws Exception {
		ControlledModule module = withToken.module();
		String a = module.lookup("all-a");
		String b = module.lookup("all-b");
		assertThat(delete(withToken, "/actuator/modulecaches/controlled.lookup", TOKEN).statusCode()).isEqualTo(204);
		assertThat(module.lookup("all-a")).isNotEqualTo(a);
		assertThat(module.lookup("all-b")).isNotEqualTo(b);
		assertThat(withToken.bus().published).containsExactly(new Invalidation("controlled.lookup", null));
	}

	@Test
	void keysThatDoNotFitAreABadRequestWithAMessage() throws Exception {
		assertBadRequest("controlled.byRoom", "{\"keys\": [\"!room\", \"not a number\"]}",
				"key 1 (long user) cannot be read from \"not a number\"");
		assertBadRequest("controlled.byRoom", "{\"keys\": [\"!room\", 4.5]}", "key 1 (long user) cannot be read");
		assertBadRequest("controlled.byRoom", "{\"keys\": [\"!room\", null]}", "key 1 (long user) cannot be null");
		assertBadRequest("controlled.lookup", "{\"keys\": [\"a\", \"b\"]}",
				"Cache 'controlled.lookup' has 1 key argument(s), but 2 were given");
		assertBadRequest("controlled.lookup", "{\"keys\": []}", "'keys' is empty");
		assertBadRequest("controlled.lookup", "{\"keys\": \"a\"}", "'keys' must be a JSON array");
		assertBadRequest("controlled.firstArgumentOnly", "{\"keys\": [\"a\", \"b\"]}",
				"Cache 'controlled.firstArgumentOnly' has 1 key argument(s), but 2 were given");
		assertThat(withToken.bus().published).isEmpty();
	}

	@Test
	void aPrefixOfACacheThatIsNoTreeIsABadRequest() throws Exception {
		assertBadRequest("controlled.pair", "{\"keys\": [\"a\"]}",
				"Cache 'controlled.pair' needs all 2 key arguments, but 1 were given");
	}

	@Test
	void aMissingBodyIsABadRequest() throws Exception {
		assertThat(post(withToken, "/actuator/modulecaches/controlled.lookup", TOKEN, "{}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void writesWithoutTheTokenAreUnauthorized() throws Exception {
		ControlledModule module = withToken.module();
		String kept = module.lookup("kept");
		HttpResponse<String> anonymous = post(withToken, "/actuator/modulecaches/controlled.lookup", null,
				"{\"keys\": [\"kept\"]}");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"modulehost\"");
		assertThat(JsonPath.<String>read(anonymous.body(), "$.message")).contains("Authorization: Bearer");
		assertThat(post(withToken, "/actuator/modulecaches/controlled.lookup", "wrong", "{\"keys\": [\"kept\"]}")
			.statusCode()).isEqualTo(401);
		assertThat(post(withToken, "/actuator/modulecaches/controlled.lookup", TOKEN + "x", "{\"keys\": [\"kept\"]}")
			.statusCode()).isEqualTo(401);
		assertThat(delete(withToken, "/actuator/modulecaches/controlled.lookup", null).statusCode()).isEqualTo(401);
		assertThat(module.lookup("kept")).isEqualTo(kept);
		assertThat(withToken.bus().published).isEmpty();
	}

	@Test
	void pathSpellingsDoNotGetAroundTheToken() throws Exception {
		assertThat(post(withToken, "/actuator/modulecaches/controlled%2Elookup", null, "{\"keys\": [\"a\"]}")
			.statusCode()).isIn(400, 401, 404);
		assertThat(post(withToken, "/actuator;x=y/modulecaches/controlled.lookup", null, "{\"keys\": [\"a\"]}")
			.statusCode()).isIn(400, 401, 404);
		assertThat(withToken.bus().published).isEmpty();
	}

	@Test
	void withoutATokenConfiguredTheWriteOperationsDoNotExist() throws Exception {
		assertThat(get(withoutToken, "/actuator/modulecaches").statusCode()).isEqualTo(200);
		assertThat(post(withoutToken, "/actuator/modulecaches/controlled.lookup", TOKEN, "{\"keys\": [\"a\"]}")
			.statusCode()).isIn(404, 405);
		assertThat(delete(withoutToken, "/actuator/modulecaches/controlled.lookup", TOKEN).statusCode()).isIn(404,
				405);
		assertThat(withoutToken.bus().published).isEmpty();
	}

	@Test
	void theActuatorCachesEndpointListsModuleCachesNextToTheApplicationsOwn() throws Exception {
		HttpResponse<String> response = get(withToken, "/actuator/caches");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Map<String, Object>>read(response.body(), "$.cacheManagers.moduleCacheManager.caches"))
			.containsKeys("controlled.lookup", "controlled.byRoom")
			.doesNotContainKey("prices");
		assertThat(JsonPath.<Map<String, Object>>read(response.body(), "$.cacheManagers.cacheManager.caches"))
			.containsOnlyKeys("prices");
		assertThat(withToken.context().getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
	}

	@Test
	void theModulesEndpointShowsEachModulesCachedFunctions() throws Exception {
		HttpResponse<String> response = get(withToken, "/actuator/modules/controlled");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> lookup = JsonPath.<List<Map<String, Object>>>read(response.body(),
				"$.cachedFunctions[?(@.name == 'controlled.lookup')]").get(0);
		assertThat(lookup).containsOnlyKeys("name", "size", "capacity", "hits", "misses", "evictions")
			.containsEntry("capacity", 500);
	}

	private void assertBadRequest(String cache, String body, String message) throws Exception {
		HttpResponse<String> response = post(withToken, "/actuator/modulecaches/" + cache, TOKEN, body);
		assertThat(response.statusCode()).as(body).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("json"));
		if (message != null) {
			assertThat(JsonPath.<String>read(response.body(), "$.message")).contains(message);
		}
	}

	private HttpResponse<String> get(Server server, String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(server.uri(path)).GET().build());
	}

	private HttpResponse<String> delete(Server server, String path, String token)
			throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(server.uri(path)), token).DELETE().build());
	}

	private HttpResponse<String> post(Server server, String path, String token, String body)
			throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(server.uri(path)), token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
		return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static Server start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=modulecaches,caches,modules",
				"modules[0].module=" + ControlledModule.class.getName(), "modules[0].name=controlled"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		contexts.add(context);
		return new Server(context);
	}

	record Server(ConfigurableApplicationContext context) {

		URI uri(String path) {
			String port = this.context.getEnvironment().getProperty("local.management.port",
					this.context.getEnvironment().getProperty("local.server.port"));
			return URI.create("http://localhost:" + port + path);
		}

		ControlledModule module() {
			return (ControlledModule) this.context.getBean("module:controlled");
		}

		RecordingBus bus() {
			return this.context.getBean(RecordingBus.class);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class TestApplication {

		@Bean
		RecordingBus recordingBus() {
			return new RecordingBus();
		}

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("prices");
		}

	}

}

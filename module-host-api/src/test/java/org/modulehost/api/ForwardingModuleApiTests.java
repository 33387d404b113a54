package org.modulehost.api;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingModuleApiTests {

	private final List<String> calls = new ArrayList<>();

	private final ModuleApi core = (ModuleApi) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { ModuleApi.class }, (proxy, method, args) -> {
				this.calls.add(method.getName() + Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.toList());
				if (method.getReturnType() == String.class) {
					return "core";
				}
				if (method.getReturnType() == Optional.class) {
					return Optional.of(8008);
				}
				if (method.getReturnType() == CompletableFuture.class) {
					return CompletableFuture.completedFuture(null);
				}
				if (method.getReturnType() == boolean.class) {
					return true;
				}
				return null;
			});

	@Test
	void everyMethodOfModuleApiIsForwardedSoAHostOverridesOnlyWhatItAdds() {
		List<String> notForwarded = Arrays.stream(ModuleApi.class.getMethods())
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.filter((method) -> !declaredByForwardingModuleApi(method))
			.map(Method::toGenericString)
			.toList();

		assertThat(notForwarded).isEmpty();
	}

	@Test
	void callsReachTheDelegateWithTheirOwnOverload() {
		ModuleApi api = new ForwardingModuleApi(this.core) {
		};
		HttpRequestHandler handler = (request, response) -> response.setStatus(204);
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/x", (request) -> ServerResponse.noContent().build())
			.build();

		assertThat(api.moduleName()).isEqualTo("core");
		api.registerWebResource("/_synapse/client/a", handler);
		api.registerWebResource("/_synapse/client/b", routes);
		api.registerWebResource("/_synapse/client/c", new Object());
		assertThat(api.hostProperty("server.port", Integer.class)).contains(8008);
		api.sleep(Duration.ZERO);

		assertThat(this.calls).containsExactly("moduleName[]", "registerWebResource[String, HttpRequestHandler]",
				"registerWebResource[String, Object]", "registerWebResource[String, Object]",
				"hostProperty[String, Class]", "sleep[Duration]");
	}

	@Test
	void aSubclassOverridesOneMethodAndKeepsTheRest() {
		ModuleApi api = new ForwardingModuleApi(this.core) {

			@Override
			public String instanceName() {
				return "worker-1";
			}

		};

		assertThat(api.instanceName()).isEqualTo("worker-1");
		assertThat(api.moduleName()).isEqualTo("core");
		assertThat(this.calls).containsExactly("moduleName[]");
	}

	private static boolean declaredByForwardingModuleApi(Method method) {
		try {
			Method declared = ForwardingModuleApi.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
			return !Modifier.isAbstract(declared.getModifiers());
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}

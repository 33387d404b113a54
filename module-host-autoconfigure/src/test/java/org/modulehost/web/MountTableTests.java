package org.modulehost.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the mount table routes raw request paths, independently of what the servlet container
 * would refuse before them.
 */
class MountTableTests {

	private final MountTable table = MountTable.of(
			Map.of("/", mounted("root", "/"), "/a", mounted("a", "/a"), "/a/b", mounted("b", "/a/b")),
			List.of(new ReservedNamespace("/r", "reserved for the test"), new ReservedNamespace("/a/r", "nested")));

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			""          | root | -1
			/           | root | -1
			/x/y        | root | -1
			/a          | a    | 1
			/a/         | a    | 1
			/a/x        | a    | 1
			/a/bx       | a    | 1
			/a/b        | b    | 3
			/a/b/c      | b    | 3
			/a;p=1/b    | b    | 3
			/%61/%62    | b    | 3
			/A/b        | root | -1
			/rx         | root | -1
			""")
	void aRequestGoesToTheDeepestMountAboveItsDecodedPath(String path, String module, int lastIndex) {
		MountTable.Match match = this.table.find(PathContainer.parsePath(path));
		assertThat(match).isNotNull();
		assertThat(match.resource().module()).isEqualTo(module);
		assertThat(match.lastIndex()).isEqualTo(lastIndex);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/r", "/r/", "/r/x", "/r;x=y/z", "/%72/x", "/a/r", "/a/r/x" })
	void aRequestInsideAReservedNamespaceReachesNoMount(String path) {
		assertThat(this.table.find(PathContainer.parsePath(path))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a//b", "//a/b", "/a/b//", "/a/./b", "/a/../a/b", "/a/%2e%2e/b", "/a/%2E/b",
			"/a%2Fb", "/a%2fb/c", "/a/%5cb", "/a/\\b", "/a/%252e%252e/b", "/a/%25", "/a/%00", "/a/%0a", "/a/%7f",
			"/a/;x=1/b", "/a/b/..", "/x/../a/b" })
	void aPathThatIsNotNormalisedReachesNoMount(String path) {
		assertThat(this.table.find(PathContainer.parsePath(path))).isNull();
	}

	@Test
	void anEmptyTableRoutesNothing() {
		assertThat(MountTable.EMPTY.find(PathContainer.parsePath("/a"))).isNull();
		assertThat(MountTable.EMPTY.find(PathContainer.parsePath("/"))).isNull();
	}

	private static MountTable.MountedResource mounted(String module, String path) {
		return new Mounted(module, path, new HandlerMount(path, (request, response) -> {
		}));
	}

	private record Mounted(String module, String path, Mount mount) implements MountTable.MountedResource {

	}

}

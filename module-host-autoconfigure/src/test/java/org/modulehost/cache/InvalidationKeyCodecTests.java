package org.modulehost.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.modulehost.host.BundleFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Keys travel between instances in a typed encoding and come back equal, and of the same type.
 */
class InvalidationKeyCodecTests {

	private final InvalidationKeyCodec codec = new InvalidationKeyCodec(getClass().getClassLoader());

	@Test
	void scalarKeysComeBackEqualAndOfTheSameType() {
		List<Object> keys = Arrays.asList("@alice:example.org", 5, 5L, (short) 5, (byte) 5, 1.5, 1.5f, true, 'x',
				new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"),
				UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), Thread.State.BLOCKED, null, "");
		List<Object> decoded = roundTrip(keys);
		assertThat(decoded).isEqualTo(keys);
		for (int i = 0; i < keys.size(); i++) {
			if (keys.get(i) != null) {
				assertThat(decoded.get(i)).hasSameClassAs(keys.get(i));
			}
		}
	}

	@Test
	void numbersOfDifferentTypesStayDifferent() {
		List<Object> decoded = roundTrip(List.of(5, 5L, "5"));
		assertThat(decoded.get(0)).isEqualTo(5).isNotEqualTo(5L);
		assertThat(decoded.get(1)).isEqualTo(5L).isNotEqualTo(5);
		assertThat(decoded.get(2)).isEqualTo("5");
	}

	@Test
	void extremeFloatingPointValuesSurvive() {
		List<Object> keys = List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Float.NEGATIVE_INFINITY,
				Double.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE);
		assertThat(roundTrip(keys)).isEqualTo(keys);
	}

	@Test
	void listsAndSetsComeBackEqual() {
		List<Object> keys = List.of(List.of("a", 1, List.of(true, 2L)), new LinkedHashSet<>(List.of("x", "y")),
				Arrays.asList("with", null));
		List<Object> decoded = roundTrip(keys);
		assertThat(decoded).isEqualTo(keys);
		assertThat(decoded.get(1)).isInstanceOf(Set.class);
		assertThat(decoded.get(0)).isInstanceOf(List.class);
	}

	@Test
	void theEncodingIsReadableJson() {
		assertThat(this.codec.encode(Arrays.asList("a", 1, 2L, true, null)))
			.isEqualTo("[{\"s\":\"a\"},{\"i\":1},{\"l\":2},{\"b\":true},null]");
	}

	@Test
	void aKeyOfAnUnsupportedTypeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(List.of("a", Instant.EPOCH)))
			.withMessageContaining("key 1 has type java.time.Instant, which invalidations cannot carry");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(List.of(List.of(new Object()))))
			.withMessageContaining("key 0[0] has type java.lang.Object");
	}

	@Test
	void malformedEncodingsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("not json"))
			.withMessageContaining("not JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("{\"s\":\"a\"}"))
			.withMessageContaining("must be a JSON array");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[\"a\"]"))
			.withMessageContaining("keys[0] must be null or an object with one type tag");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"q\":1}]"))
			.withMessageContaining("unknown type tag 'q'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"i\":\"1\"}]"))
			.withMessageContaining("wrong shape");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"i\":9999999999}]"))
			.withMessageContaining("wrong shape");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"e\":[\"java.lang.String\",\"A\"]}]"))
			.withMessageContaining("which is not an enum");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"e\":[\"java.lang.Thread$State\",\"GONE\"]}]"))
			.withMessageContaining("Thread$State.GONE, which does not exist");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("[{\"d\":\"one\"}]"))
			.withMessageContaining("not a valid 'd' value");
	}

	private List<Object> roundTrip(List<?> keys) {
		return this.codec.decode(this.codec.encode(keys));
	}

	@Test
	void anEnumKeyOfAModuleInItsOwnClassLoaderIsDecodedWithThatLoader(@TempDir Path work) throws Exception {
		Path jar = BundleFiles.compile(work.resolve("keys.jar"), "com.example.keys.Colour",
				"package com.example.keys; public enum Colour { RED }");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
				getClass().getClassLoader())) {
			Object red = loader.loadClass("com.example.keys.Colour").getEnumConstants()[0];
			InvalidationKeyCodec codec = new InvalidationKeyCodec(getClass().getClassLoader());
			String encoded = codec.encode(List.of(red));
			assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(encoded))
				.withMessageContaining("names the enum com.example.keys.Colour, which is not on the class path");
			assertThat(codec.withClassLoader(loader).decode(encoded)).containsExactly(red);
		}
	}

}

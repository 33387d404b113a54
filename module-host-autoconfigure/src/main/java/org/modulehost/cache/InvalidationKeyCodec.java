package org.modulehost.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.ClassUtils;

/**
 * The typed encoding of cache keys in an {@link Invalidation}, so that another instance decodes
 * exactly the keys this one invalidated: {@code 5} stays an {@code Integer} (not a {@code Long},
 * which would not be equal), {@code "5"} stays a {@code String}, {@code true} a {@code Boolean}.
 *
 * <p>The encoding is a JSON array with one element per key argument. {@code null} is JSON
 * {@code null}; every other value is an object with one property naming its type:
 * <table>
 * <caption>Type tags</caption>
 * <tr><th>Java type</th><th>encoded as</th></tr>
 * <tr><td>{@code String}</td><td>{@code {"s": "text"}}</td></tr>
 * <tr><td>{@code Boolean}</td><td>{@code {"b": true}}</td></tr>
 * <tr><td>{@code Integer}, {@code Long}, {@code Short}, {@code Byte}</td><td>{@code {"i": 5}},
 * {@code {"l": 5}}, {@code {"h": 5}}, {@code {"y": 5}}</td></tr>
 * <tr><td>{@code Double}, {@code Float}</td><td>{@code {"d": "1.5"}}, {@code {"f": "1.5"}} (text,
 * so that NaN, infinities and -0.0 survive)</td></tr>
 * <tr><td>{@code Character}</td><td>{@code {"c": "x"}}</td></tr>
 * <tr><td>{@code BigInteger}, {@code BigDecimal}</td><td>{@code {"bi": "12"}},
 * {@code {"bd": "1.50"}}</td></tr>
 * <tr><td>{@code UUID}</td><td>{@code {"u": "…"}}</td></tr>
 * <tr><td>an enum constant</td><td>{@code {"e": ["com.example.Color", "RED"]}}</td></tr>
 * <tr><td>{@code List}, {@code Set}</td><td>{@code {"list": [...]}}, {@code {"set": [...]}}
 * (elements encoded the same way; decoded as an unmodifiable list or insertion-ordered set,
 * which are equal to any list or set with equal elements)</td></tr>
 * </table>
 * Other key types cannot be encoded: {@link #encode} refuses them, and the cache feature then
 * sends an invalidation of the whole cache instead, which is always safe.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class InvalidationKeyCodec {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final JsonMapper mapper;

	private final @Nullable ClassLoader classLoader;

	/**
	 * Creates a codec that loads enum types of decoded keys with the given class loader.
	 * @param classLoader the class loader of the module classes, or {@code null} for the default
	 */
	public InvalidationKeyCodec(@Nullable ClassLoader classLoader) {
		this.mapper = JsonMapper.shared();
		this.classLoader = classLoader;
	}

	/**
	 * Returns a codec that loads enum types with the given class loader, such as the class loader
	 * of a module bundle, whose enums the application's class loader cannot see.
	 * @param classLoader the class loader of the module whose keys are decoded
	 * @return this codec when it already uses that loader, otherwise a new one
	 */
	public InvalidationKeyCodec withClassLoader(@Nullable ClassLoader classLoader) {
		return (classLoader == this.classLoader || classLoader == null) ? this : new InvalidationKeyCodec(classLoader);
	}

	/**
	 * Encodes key arguments.
	 * @param keys the key arguments, in order; elements may be {@code null}
	 * @return the JSON text
	 * @throws IllegalArgumentException if a key (or an element of a key) has a type this codec
	 * does not know
	 */
	public String encode(List<?> keys) {
		ArrayNode array = nodes.arrayNode();
		for (int i = 0; i < keys.size(); i++) {
			array.add(encodeValue(keys.get(i), "key " + i));
		}
		return this.mapper.writeValueAsString(array);
	}

	private JsonNode encodeValue(@Nullable Object value, String where) {
		if (value == null) {
			return nodes.nullNode();
		}
		if (value instanceof String string) {
			return tagged("s", nodes.stringNode(string));
		}
		if (value instanceof Boolean bool) {
			return tagged("b", nodes.booleanNode(bool));
		}
		if (value instanceof Integer number) {
			return tagged("i", nodes.numberNode(number));
		}
		if (value instanceof Long number) {
			return tagged("l", nodes.numberNode(number));
		}
		if (value instanceof Short number) {
			return tagged("h", nodes.numberNode(number));
		}
		if (value instanceof Byte number) {
			return tagged("y", nodes.numberNode(number));
		}
		if (value instanceof Double number) {
			return tagged("d", nodes.stringNode(number.toString()));
		}
		if (value instanceof Float number) {
			return tagged("f", nodes.stringNode(number.toString()));
		}
		if (value instanceof Character character) {
			return tagged("c", nodes.stringNode(character.toString()));
		}
		if (value instanceof BigInteger number) {
			return tagged("bi", nodes.stringNode(number.toString()));
		}
		if (value instanceof BigDecimal number) {
			return tagged("bd", nodes.stringNode(number.toString()));
		}
		if (value instanceof UUID uuid) {
			return tagged("u", nodes.stringNode(uuid.toString()));
		}
		if (value instanceof Enum<?> constant) {
			ArrayNode pair = nodes.arrayNode();
			pair.add(constant.getDeclaringClass().getName());
			pair.add(constant.name());
			return tagged("e", pair);
		}
		if (value instanceof List<?> list) {
			return tagged("list", encodeAll(list, where));
		}
		if (value instanceof Set<?> set) {
			return tagged("set", encodeAll(set, where));
		}
		throw new IllegalArgumentException(where + " has type " + value.getClass().getName()
				+ ", which invalidations cannot carry; supported are strings, numbers, booleans, characters,"
				+ " UUIDs, enums, and lists or sets of those");
	}

	private ArrayNode encodeAll(Collection<?> values, String where) {
		ArrayNode array = nodes.arrayNode();
		int i = 0;
		for (Object value : values) {
			array.add(encodeValue(value, where + "[" + i++ + "]"));
		}
		return array;
	}

	private static ObjectNode tagged(String tag, JsonNode value) {
		ObjectNode node = nodes.objectNode();
		node.set(tag, value);
		return node;
	}

	/**
	 * Decodes key arguments encoded by {@link #encode}.
	 * @param encoded the JSON text
	 * @return the key arguments, unmodifiable; elements may be {@code null}
	 * @throws IllegalArgumentException if the text is not an encoding of keys
	 */
	public List<@Nullable Object> decode(String encoded) {
		JsonNode root;
		try {
			root = this.mapper.readTree(encoded);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Encoded keys are not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isArray()) {
			throw new IllegalArgumentException("Encoded keys must be a JSON array, not " + encoded);
		}
		return decodeAll(root, "keys");
	}

	private List<@Nullable Object> decodeAll(JsonNode array, String where) {
		List<@Nullable Object> values = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			values.add(decodeValue(array.get(i), where + "[" + i + "]"));
		}
		return Collections.unmodifiableList(values);
	}

	private @Nullable Object decodeValue(JsonNode node, String where) {
		if (node.isNull()) {
			return null;
		}
		if (!node.isObject() || node.size() != 1) {
			throw new IllegalArgumentException(where + " must be null or an object with one type tag, not " + node);
		}
		Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
		String tag = entry.getKey();
		JsonNode value = entry.getValue();
		try {
			return switch (tag) {
				case "s" -> text(value, where);
				case "b" -> {
					require(value.isBoolean(), where, value);
					yield value.booleanValue();
				}
				case "i" -> {
					require(value.isIntegralNumber() && value.canConvertToInt(), where, value);
					yield value.intValue();
				}
				case "l" -> {
					require(value.isIntegralNumber() && value.canConvertToLong(), where, value);
					yield value.longValue();
				}
				case "h" -> {
					require(value.isIntegralNumber(), where, value);
					yield Short.valueOf(Short.parseShort(value.asString()));
				}
				case "y" -> {
					require(value.isIntegralNumber(), where, value);
					yield Byte.valueOf(Byte.parseByte(value.asString()));
				}
				case "d" -> Double.valueOf(text(value, where));
				case "f" -> Float.valueOf(text(value, where));
				case "c" -> {
					String text = text(value, where);
					require(text.length() == 1, where, value);
					yield text.charAt(0);
				}
				case "bi" -> new BigInteger(text(value, where));
				case "bd" -> new BigDecimal(text(value, where));
				case "u" -> UUID.fromString(text(value, where));
				case "e" -> enumConstant(value, where);
				case "list" -> {
					require(value.isArray(), where, value);
					yield decodeAll(value, where);
				}
				case "set" -> {
					require(value.isArray(), where, value);
					yield Collections.unmodifiableSet(new LinkedHashSet<>(decodeAll(value, where)));
				}
				default -> throw new IllegalArgumentException(where + " has the unknown type tag '" + tag + "'");
			};
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(where + " is not a valid '" + tag + "' value: " + value, ex);
		}
	}

	private static String text(JsonNode value, String where) {
		require(value.isString(), where, value);
		return value.stringValue();
	}

	private Object enumConstant(JsonNode value, String where) {
		require(value.isArray() && value.size() == 2 && value.get(0).isString() && value.get(1).isString(), where,
				value);
		String typeName = value.get(0).stringValue();
		Class<?> type;
		try {
			type = ClassUtils.forName(typeName, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalArgumentException(where + " names the enum " + typeName + ", which is not on the class path",
					ex);
		}
		if (!type.isEnum()) {
			throw new IllegalArgumentException(where + " names " + typeName + ", which is not an enum");
		}
		String name = value.get(1).stringValue();
		for (Object constant : type.getEnumConstants()) {
			if (((Enum<?>) constant).name().equals(name)) {
				return constant;
			}
		}
		throw new IllegalArgumentException(where + " names " + typeName + "." + name + ", which does not exist");
	}

	private static void require(boolean valid, String where, JsonNode value) {
		if (!valid) {
			throw new IllegalArgumentException(where + " has a value of the wrong shape for its type tag: " + value);
		}
	}

}

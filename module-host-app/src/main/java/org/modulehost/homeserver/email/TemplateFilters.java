package org.modulehost.homeserver.email;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Supplier;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import org.jspecify.annotations.Nullable;

/**
 * Synapse's template filters, for templates written for Synapse.
 */
final class TemplateFilters {

	private TemplateFilters() {
	}

	/**
	 * {@code ts|format_ts("%H:%M")}: a timestamp in milliseconds since the epoch, formatted with a
	 * {@code strftime} pattern in the server's time zone (Synapse formats it in local time).
	 */
	static final class FormatTs implements Filter {

		private final ZoneId zone;

		FormatTs(ZoneId zone) {
			this.zone = zone;
		}

		@Override
		public String getName() {
			return "format_ts";
		}

		@Override
		public Object filter(@Nullable Object var, JinjavaInterpreter interpreter, String... args) {
			if (!(var instanceof Number) && !(var instanceof String)) {
				return "";
			}
			long millis;
			try {
				millis = (var instanceof Number number) ? number.longValue() : Long.parseLong(var.toString().strip());
			}
			catch (NumberFormatException ex) {
				return "";
			}
			String pattern = (args.length > 0) ? args[0] : "%Y-%m-%d %H:%M:%S";
			return strftime(pattern, Instant.ofEpochMilli(millis).atZone(this.zone));
		}

		static String strftime(String pattern, ZonedDateTime time) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < pattern.length(); i++) {
				char c = pattern.charAt(i);
				if (c != '%' || i + 1 == pattern.length()) {
					out.append(c);
					continue;
				}
				char directive = pattern.charAt(++i);
				switch (directive) {
					case 'Y' -> out.append(time.getYear());
					case 'y' -> out.append(String.format("%02d", time.getYear() % 100));
					case 'm' -> out.append(String.format("%02d", time.getMonthValue()));
					case 'd' -> out.append(String.format("%02d", time.getDayOfMonth()));
					case 'e' -> out.append(String.format("%2d", time.getDayOfMonth()));
					case 'H' -> out.append(String.format("%02d", time.getHour()));
					case 'I' -> out.append(String.format("%02d", (time.getHour() + 11) % 12 + 1));
					case 'M' -> out.append(String.format("%02d", time.getMinute()));
					case 'S' -> out.append(String.format("%02d", time.getSecond()));
					case 'p' -> out.append((time.getHour() < 12) ? "AM" : "PM");
					case 'j' -> out.append(String.format("%03d", time.getDayOfYear()));
					case 'a' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
					case 'A' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
					case 'b', 'h' -> out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
					case 'B' -> out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
					case 'Z' -> out.append(time.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
					case 'z' -> out.append(DateTimeFormatter.ofPattern("xx").format(time));
					case 'c' -> out.append(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH)
						.format(time));
					case 'x' -> out.append(DateTimeFormatter.ofPattern("MM/dd/yy").format(time));
					case 'X' -> out.append(DateTimeFormatter.ofPattern("HH:mm:ss").format(time));
					case '%' -> out.append('%');
					default -> out.append('%').append(directive);
				}
			}
			return out.toString();
		}

	}

	/**
	 * {@code url|mxc_to_http(width, height, method)}: an {@code mxc://} URI as the HTTP URL of a
	 * thumbnail on this server, as Synapse's filter; anything else becomes the empty string.
	 */
	static final class MxcToHttp implements Filter {

		private final Supplier<String> publicBaseurl;

		MxcToHttp(Supplier<String> publicBaseurl) {
			this.publicBaseurl = publicBaseurl;
		}

		@Override
		public String getName() {
			return "mxc_to_http";
		}

		@Override
		public Object filter(@Nullable Object var, JinjavaInterpreter interpreter, String... args) {
			if (var == null || !var.toString().startsWith("mxc://")) {
				return "";
			}
			String serverAndMediaId = var.toString().substring("mxc://".length());
			String fragment = "";
			int hash = serverAndMediaId.indexOf('#');
			if (hash >= 0) {
				fragment = serverAndMediaId.substring(hash);
				serverAndMediaId = serverAndMediaId.substring(0, hash);
			}
			int width = integer(args, 0);
			int height = integer(args, 1);
			String method = (args.length > 2) ? args[2] : "crop";
			return this.publicBaseurl.get() + "_matrix/media/v1/thumbnail/" + serverAndMediaId + "?width=" + width
					+ "&height=" + height + "&method=" + method + fragment;
		}

		private static int integer(String[] args, int index) {
			try {
				return (args.length > index) ? (int) Double.parseDouble(args[index]) : 0;
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

}

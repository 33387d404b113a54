package org.modulehost.homeserver.web;

import org.apache.catalina.connector.Connector;

import org.modulehost.homeserver.HomeserverProperties;
import org.modulehost.homeserver.InvalidSettingException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Sizes the buffers a connection to the client port holds ({@code homeserver.http.*}): the NIO
 * endpoint's socket read and write buffers, each request's response buffer and its chunked-trailer
 * buffer. With Tomcat's sizes (8 KiB each, the response buffer with a 16 KiB character buffer
 * besides, the read buffer counted twice as it is part of the request header buffer) they cost a
 * held {@code /sync} long poll about 56 KiB. The header buffers are Spring Boot's
 * {@code server.max-http-request-header-size} and {@code server.tomcat.max-http-response-header-size}
 * (the homeserver's {@code application.yml}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.apache.coyote.http11.Http11NioProtocol",
		"org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory" })
final class TomcatConnectionConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "homeserverTomcatConnections")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> homeserverTomcatConnections(
			HomeserverProperties properties) {
		HomeserverProperties.Http http = properties.getHttp();
		int read = size("homeserver.http.socket-read-buffer-size", http.getSocketReadBufferSize());
		int write = size("homeserver.http.socket-write-buffer-size", http.getSocketWriteBufferSize());
		int response = size("homeserver.http.response-buffer-size", http.getResponseBufferSize());
		int trailer = size("homeserver.http.max-trailer-size", http.getMaxTrailerSize());
		return (factory) -> {
			if (isDefaultProtocol(factory.getProtocol())) {
				factory.setProtocol(HomeserverHttp11NioProtocol.class.getName());
			}
			factory.addConnectorCustomizers((connector) -> {
				set(connector, "socket.appReadBufSize", read);
				set(connector, "socket.appWriteBufSize", write);
				set(connector, "maxTrailerSize", trailer);
				if (connector.getProtocolHandler() instanceof HomeserverHttp11NioProtocol protocol) {
					protocol.setResponseBufferSize(response);
				}
			});
		};
	}

	private static boolean isDefaultProtocol(String protocol) {
		return protocol == null || protocol.equals("HTTP/1.1")
				|| protocol.equals("org.apache.coyote.http11.Http11NioProtocol");
	}

	private static void set(Connector connector, String name, int value) {
		if (!connector.setProperty(name, Integer.toString(value))) {
			throw new IllegalStateException("Tomcat's connector did not take " + name + " (protocol "
					+ connector.getProtocolHandlerClassName() + ")");
		}
	}

	private static int size(String key, DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 256 || bytes > 1024 * 1024) {
			throw new InvalidSettingException(key, "must be between 256B and 1MB (it is " + size + ")",
					"set it to a size such as 2KB, or leave it out");
		}
		return (int) bytes;
	}

}

package org.modulehost.homeserver.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol with a response buffer of a chosen size. Tomcat gives every
 * request's response a byte buffer and a character buffer of the protocol's
 * {@linkplain #getDesiredBufferSize() desired buffer size}, which its HTTP/1.1 protocol leaves at
 * 8 KiB (8 KiB of bytes and 16 KiB of characters); a request held open, such as a waiting
 * {@code /sync} long poll, keeps both. Public because Tomcat's connector creates its protocol from
 * the class name ({@link TomcatConnectionConfiguration} names it).
 */
public class HomeserverHttp11NioProtocol extends Http11NioProtocol {

	private volatile int responseBufferSize = -1;

	/**
	 * The size of each response buffer in bytes, or {@code -1} for Tomcat's 8 KiB.
	 * @return the size
	 */
	@Override
	public int getDesiredBufferSize() {
		return this.responseBufferSize;
	}

	/**
	 * Sets the size of the response buffer of requests that start from now on.
	 * @param responseBufferSize the size in bytes; {@code -1} for Tomcat's 8 KiB
	 */
	public void setResponseBufferSize(int responseBufferSize) {
		this.responseBufferSize = responseBufferSize;
	}

	/**
	 * The size set with {@link #setResponseBufferSize(int)}.
	 * @return the size in bytes, or {@code -1} for Tomcat's 8 KiB
	 */
	public int getResponseBufferSize() {
		return this.responseBufferSize;
	}

}

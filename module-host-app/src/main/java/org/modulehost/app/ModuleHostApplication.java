package org.modulehost.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference host: a small Matrix homeserver whose behaviour modules change.
 */
@SpringBootApplication
public class ModuleHostApplication {

	/**
	 * Starts the homeserver.
	 * @param args command-line arguments, e.g. {@code --server.port=8008}
	 */
	public static void main(String[] args) {
		SpringApplication.run(ModuleHostApplication.class, args);
	}

}

package org.modulehost.homeserver.web;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat answer its own errors as Matrix JSON ({@link MatrixErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.apache.catalina.valves.ErrorReportValve",
		"org.springframework.boot.tomcat.TomcatContextCustomizer" })
final class TomcatErrorConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "homeserverTomcatErrorReport")
	TomcatContextCustomizer homeserverTomcatErrorReport() {
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(MatrixErrorReportValve.class.getName());
			}
		};
	}

}

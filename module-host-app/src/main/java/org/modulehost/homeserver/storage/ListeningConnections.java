package org.modulehost.homeserver.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Opens the connections that {@link NotificationReceiver} listens on: a connection of its own
 * from the pool's URL and credentials, so the pool neither lends one out for good nor gets a
 * broken one back; a borrowed one only when the data source is not a URL-configured Hikari pool.
 * Each connection is in auto-commit mode and named after the instance
 * ({@code homeserver-notifications:<instance>}), so it can be told apart in
 * {@code pg_stat_activity}.
 */
final class ListeningConnections {

	private final DataSource dataSource;

	private final String instanceName;

	ListeningConnections(DataSource dataSource, String instanceName) {
		this.dataSource = dataSource;
		this.instanceName = instanceName;
	}

	/**
	 * Opens a listening connection; the caller closes it.
	 * @return the connection
	 * @throws SQLException if it cannot be opened
	 */
	Connection open() throws SQLException {
		String applicationName = "homeserver-notifications:" + this.instanceName;
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);
			if (hikari.getJdbcUrl() != null) {
				Properties properties = new Properties();
				properties.putAll(hikari.getDataSourceProperties());
				if (hikari.getUsername() != null) {
					properties.setProperty("user", hikari.getUsername());
				}
				if (hikari.getPassword() != null) {
					properties.setProperty("password", hikari.getPassword());
				}
				properties.setProperty("ApplicationName", applicationName);
				Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
				connection.setAutoCommit(true);
				return connection;
			}
		}
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET application_name = '" + applicationName.replace("'", "''") + "'");
		}
		return connection;
	}

}

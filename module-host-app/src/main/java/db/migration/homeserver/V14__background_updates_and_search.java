package db.migration.homeserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Background updates (their queue, with each update's progress) and the search index, with the
 * background updates that fill it and the user directory for events and users stored before this
 * migration. In Java because the index differs by database: PostgreSQL keeps a {@code tsvector}
 * per event under a GIN index; H2 keeps an inverted index of terms in a table of its own.
 */
public class V14__background_updates_and_search extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
		try (Statement sql = connection.createStatement()) {
			// Synapse's background_updates: a row per pending update, deleted when it is done.
			sql.execute("CREATE TABLE hs_background_updates (update_name VARCHAR(128) NOT NULL PRIMARY KEY, "
					+ "progress_json VARCHAR NOT NULL, depends_on VARCHAR(128), ordering INT NOT NULL)");
			// Which instance runs the updates, until when: one at a time.
			sql.execute("CREATE TABLE hs_background_update_lease (lease_name VARCHAR(32) NOT NULL PRIMARY KEY, "
					+ "instance_name VARCHAR(255) NOT NULL, expires_ts BIGINT NOT NULL)");
			sql.execute("INSERT INTO hs_background_update_lease (lease_name, instance_name, expires_ts) "
					+ "VALUES ('main', '', 0)");
			// Settings that outlive a restart (POST /_synapse/admin/v1/background_updates/enabled).
			sql.execute("CREATE TABLE hs_background_update_settings (setting_name VARCHAR(64) NOT NULL PRIMARY KEY, "
					+ "setting_value VARCHAR(255) NOT NULL)");
			sql.execute("CREATE TABLE hs_event_search (event_id VARCHAR(255) NOT NULL PRIMARY KEY, "
					+ "room_id VARCHAR(255) NOT NULL, stream_ordering BIGINT NOT NULL, search_key VARCHAR(32) NOT NULL"
					+ (postgres ? ", vector TSVECTOR NOT NULL)" : ", term_count INT NOT NULL)"));
			sql.execute("CREATE UNIQUE INDEX hs_event_search_stream ON hs_event_search (stream_ordering)");
			sql.execute("CREATE INDEX hs_event_search_room ON hs_event_search (room_id, stream_ordering)");
			if (postgres) {
				sql.execute("CREATE INDEX hs_event_search_vector ON hs_event_search USING GIN (vector)");
			}
			else {
				sql.execute("CREATE TABLE hs_event_search_terms (term VARCHAR(64) NOT NULL, "
						+ "stream_ordering BIGINT NOT NULL, occurrences INT NOT NULL, PRIMARY KEY (term, stream_ordering))");
				sql.execute("CREATE INDEX hs_event_search_terms_stream ON hs_event_search_terms (stream_ordering)");
			}
			sql.execute("CREATE TABLE hs_user_directory (user_id VARCHAR(255) NOT NULL PRIMARY KEY, "
					+ "display_name VARCHAR(1024), avatar_url VARCHAR(2048), user_id_lower VARCHAR(255) NOT NULL, "
					+ "display_name_lower VARCHAR(1024))");
		}
		long maxStream;
		try (Statement select = connection.createStatement();
				ResultSet rows = select.executeQuery("SELECT COALESCE(MAX(stream_ordering), 0) FROM hs_events")) {
			rows.next();
			maxStream = rows.getLong(1);
		}
		// New events are indexed as they are stored; the update covers those stored before.
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hs_background_updates "
				+ "(update_name, progress_json, depends_on, ordering) VALUES (?, ?, ?, ?)")) {
			insert.setString(1, "event_search");
			insert.setString(2, "{\"last_stream_ordering\":0,\"max_stream_ordering\":" + maxStream + "}");
			insert.setString(3, null);
			insert.setInt(4, 14);
			insert.addBatch();
			insert.setString(1, "populate_user_directory");
			insert.setString(2, "{}");
			insert.setString(3, null);
			insert.setInt(4, 14);
			insert.addBatch();
			insert.executeBatch();
		}
	}

}

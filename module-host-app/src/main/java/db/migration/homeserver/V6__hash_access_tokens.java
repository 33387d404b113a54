package db.migration.homeserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.modulehost.homeserver.storage.AccessTokens;

/**
 * Replaces every access token stored in clear by its SHA-256 hash ({@link AccessTokens#hash}), so
 * that the tokens clients hold keep working once the server looks tokens up by their hash. In
 * Java because neither H2 nor PostgreSQL (without pgcrypto) has a portable SQL function for it.
 * Found by Flyway next to the SQL migrations ({@code db/migration/homeserver}).
 */
public class V6__hash_access_tokens extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		List<String> tokens = new ArrayList<>();
		try (Statement select = connection.createStatement();
				ResultSet rows = select.executeQuery("SELECT token FROM hs_access_tokens")) {
			while (rows.next()) {
				tokens.add(rows.getString(1));
			}
		}
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE hs_access_tokens SET token = ? WHERE token = ?")) {
			for (String token : tokens) {
				update.setString(1, AccessTokens.hash(token));
				update.setString(2, token);
				update.addBatch();
			}
			update.executeBatch();
		}
	}

}

package org.modulehost.homeserver.identity;

import java.util.List;

import org.modulehost.homeserver.storage.Database;
import org.springframework.dao.DuplicateKeyException;

/**
 * Where users bound their third-party identifiers through the homeserver (Synapse's
 * {@code user_threepid_id_server}).
 */
final class ThreepidBindingStore {

	private final Database db;

	ThreepidBindingStore(Database db) {
		this.db = db;
	}

	void add(String userId, ThreepidBindings.Binding binding) {
		try {
			this.db.jdbc()
				.sql("INSERT INTO hs_user_threepid_id_server (user_id, medium, address, id_server) VALUES (?, ?, ?, ?)")
				.params(userId, binding.medium(), binding.address(), binding.idServer())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// bound there before: nothing to add
		}
	}

	void remove(String userId, ThreepidBindings.Binding binding) {
		this.db.jdbc()
			.sql("DELETE FROM hs_user_threepid_id_server WHERE user_id = ? AND medium = ? AND address = ? AND id_server = ?")
			.params(userId, binding.medium(), binding.address(), binding.idServer())
			.update();
	}

	List<ThreepidBindings.Binding> bindings(String userId) {
		return this.db.jdbc()
			.sql("SELECT medium, address, id_server FROM hs_user_threepid_id_server WHERE user_id = ? "
					+ "ORDER BY medium, address, id_server")
			.param(userId)
			.query((row, index) -> new ThreepidBindings.Binding(row.getString(1), row.getString(2), row.getString(3)))
			.list();
	}

}

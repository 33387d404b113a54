package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The queue of background updates ({@code hs_background_updates}): one row per pending update
 * with its progress, deleted when the update is done; the lease that lets one instance run them;
 * and whether they run at all.
 */
public final class BackgroundUpdateStore {

	private final Database db;

	private final JsonCodec json;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param json the JSON codec
	 */
	public BackgroundUpdateStore(Database db, JsonCodec json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Returns the database, whose transactions a batch and its progress share.
	 * @return the database
	 */
	public Database db() {
		return this.db;
	}

	/**
	 * Lists the pending updates, in the order they run.
	 * @return the updates
	 */
	public List<Pending> pending() {
		return this.db.jdbc()
			.sql("SELECT update_name, progress_json, depends_on FROM hs_background_updates ORDER BY ordering, update_name")
			.query((rs, row) -> new Pending(rs.getString(1), this.json.readObject(rs.getString(2)), rs.getString(3)))
			.list();
	}

	/**
	 * Queues an update.
	 * @param name the update
	 * @param progress its initial progress
	 * @param dependsOn an update that must be done first, or {@code null}
	 * @param ordering where it runs among the others (lower first)
	 * @return {@code false} if the update is already queued
	 */
	public boolean queue(String name, Map<String, Object> progress, @Nullable String dependsOn, int ordering) {
		try {
			return this.db.transaction((jdbc) -> {
				boolean queued = jdbc.sql("SELECT COUNT(*) FROM hs_background_updates WHERE update_name = ?")
					.param(name)
					.query(Integer.class)
					.single() > 0;
				if (queued) {
					return false;
				}
				jdbc.sql("INSERT INTO hs_background_updates (update_name, progress_json, depends_on, ordering) "
						+ "VALUES (?, ?, ?, ?)")
					.params(name, this.json.write(progress), dependsOn, ordering)
					.update();
				return true;
			});
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Stores an update's progress; call in the transaction of the batch that made it.
	 * @param jdbc the transaction's client
	 * @param name the update
	 * @param progress the progress after the batch
	 */
	public void saveProgress(JdbcClient jdbc, String name, Map<String, Object> progress) {
		jdbc.sql("UPDATE hs_background_updates SET progress_json = ? WHERE update_name = ?")
			.params(this.json.write(progress), name)
			.update();
	}

	/**
	 * Marks an update done; call in the transaction of its last batch.
	 * @param jdbc the transaction's client
	 * @param name the update
	 */
	public void done(JdbcClient jdbc, String name) {
		jdbc.sql("DELETE FROM hs_background_updates WHERE update_name = ?").param(name).update();
	}

	/**
	 * Takes or renews the lease that lets one instance run the updates.
	 * @param instance this instance
	 * @param now the time, in milliseconds
	 * @param ttlMillis how long the lease lasts without renewal
	 * @return whether this instance holds the lease
	 */
	public boolean holdLease(String instance, long now, long ttlMillis) {
		return this.db.jdbc()
			.sql("UPDATE hs_background_update_lease SET instance_name = ?, expires_ts = ? "
					+ "WHERE lease_name = 'main' AND (instance_name = ? OR expires_ts < ?)")
			.params(instance, now + ttlMillis, instance, now)
			.update() == 1;
	}

	/**
	 * Gives the lease up, so that another instance may run the updates at once.
	 * @param instance this instance
	 */
	public void releaseLease(String instance) {
		this.db.jdbc()
			.sql("UPDATE hs_background_update_lease SET expires_ts = 0 WHERE lease_name = 'main' AND instance_name = ?")
			.param(instance)
			.update();
	}

	/**
	 * Reads whether background updates run (they do unless an administrator turned them off).
	 * @return whether they are enabled
	 */
	public boolean enabled() {
		return this.db.jdbc()
			.sql("SELECT setting_value FROM hs_background_update_settings WHERE setting_name = 'enabled'")
			.query(String.class)
			.optional()
			.map(Boolean::parseBoolean)
			.orElse(true);
	}

	/**
	 * Turns background updates on or off, for every instance and across restarts.
	 * @param enabled whether they run
	 */
	public void setEnabled(boolean enabled) {
		this.db.transaction((jdbc) -> {
			jdbc.sql("DELETE FROM hs_background_update_settings WHERE setting_name = 'enabled'").update();
			jdbc.sql("INSERT INTO hs_background_update_settings (setting_name, setting_value) VALUES ('enabled', ?)")
				.param(Boolean.toString(enabled))
				.update();
			return null;
		});
	}

	/**
	 * A pending update.
	 *
	 * @param name the update
	 * @param progress its progress, as its last committed batch left it
	 * @param dependsOn the update that must be done first, or {@code null}
	 */
	public record Pending(String name, Map<String, Object> progress, @Nullable String dependsOn) {

	}

}

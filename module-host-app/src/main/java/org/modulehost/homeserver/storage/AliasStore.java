package org.modulehost.homeserver.storage;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;

/**
 * Room aliases.
 */
public final class AliasStore {

	private final Database db;

	/**
	 * Creates the store.
	 * @param db the database
	 */
	public AliasStore(Database db) {
		this.db = db;
	}

	/**
	 * Resolves an alias.
	 * @param alias the alias
	 * @return the room and the alias's creator, or empty if the alias is unknown
	 */
	public Optional<Alias> alias(String alias) {
		return this.db.jdbc()
			.sql("SELECT room_alias, room_id, creator FROM hs_room_aliases WHERE room_alias = ?")
			.param(alias)
			.query((rs, row) -> new Alias(rs.getString(1), rs.getString(2), rs.getString(3)))
			.optional();
	}

	/**
	 * Lists a room's aliases.
	 * @param roomId the room
	 * @return the aliases
	 */
	public List<String> aliasesOf(String roomId) {
		return this.db.jdbc()
			.sql("SELECT room_alias FROM hs_room_aliases WHERE room_id = ? ORDER BY room_alias")
			.param(roomId)
			.query(String.class)
			.list();
	}

	/**
	 * Creates an alias.
	 * @param alias the alias
	 * @return {@code false} if the alias is taken
	 */
	public boolean create(Alias alias) {
		try {
			return this.db.transaction((jdbc) -> {
				if (alias(alias.alias()).isPresent()) {
					return false;
				}
				jdbc.sql("INSERT INTO hs_room_aliases (room_alias, room_id, creator) VALUES (?, ?, ?)")
					.params(alias.alias(), alias.roomId(), alias.creator())
					.update();
				return true;
			});
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Deletes an alias.
	 * @param alias the alias
	 */
	public void delete(String alias) {
		this.db.transaction((jdbc) -> jdbc.sql("DELETE FROM hs_room_aliases WHERE room_alias = ?").param(alias).update());
	}

	/**
	 * Points every alias of a room at another room, as a room upgrade does.
	 * @param fromRoomId the room the aliases point to
	 * @param toRoomId the room they point to afterwards
	 */
	public void moveAliases(String fromRoomId, String toRoomId) {
		this.db.transaction((jdbc) -> jdbc.sql("UPDATE hs_room_aliases SET room_id = ? WHERE room_id = ?")
			.params(toRoomId, fromRoomId)
			.update());
	}

	/**
	 * Deletes every alias of a room.
	 * @param roomId the room
	 * @return the aliases deleted
	 */
	public List<String> deleteAliasesOf(String roomId) {
		return this.db.transaction((jdbc) -> {
			List<String> deleted = aliasesOf(roomId);
			jdbc.sql("DELETE FROM hs_room_aliases WHERE room_id = ?").param(roomId).update();
			return deleted;
		});
	}

	/**
	 * A room alias.
	 *
	 * @param alias the alias, {@code #localpart:server}
	 * @param roomId the room it points to
	 * @param creator who created it
	 */
	public record Alias(String alias, String roomId, String creator) {

	}

}

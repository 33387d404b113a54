package org.modulehost.homeserver.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Changes of users' device lists (a device added or removed, its keys or the user's
 * cross-signing keys changed), positioned in the {@link DeviceStream}, and what a user learns of
 * them: the users sharing a room with them whose devices changed, and the users they no longer
 * share a room with. A change is announced to the other instances sharing the database, naming
 * the users it concerns so that their long polls wake there too.
 */
public final class DeviceListStore {

	private final Database db;

	private final DeviceStream stream;

	private final ChangeNotifications changes;

	/**
	 * Creates the store.
	 * @param db the database
	 * @param stream the devices stream
	 * @param changes the notifications between instances
	 */
	public DeviceListStore(Database db, DeviceStream stream, ChangeNotifications changes) {
		this.db = db;
		this.stream = stream;
		this.changes = changes;
	}

	/**
	 * Records that a user's device list changed, at a new position of the devices stream.
	 * @param userId the user
	 * @return the users concerned: the user and everyone sharing a room with them
	 */
	public Set<String> changed(String userId) {
		return this.stream.write((jdbc, position) -> record(jdbc, position, userId));
	}

	/** Records a change inside a write of the devices stream, and announces it to the other instances. */
	Set<String> record(JdbcClient jdbc, long position, String userId) {
		jdbc.sql("INSERT INTO hs_device_list_changes (stream_position, user_id) VALUES (?, ?)")
			.params(position, userId)
			.update();
		Set<String> concerned = sharingUsers(userId);
		concerned.add(userId);
		this.changes.devicesChanged(concerned);
		return concerned;
	}

	/**
	 * Lists the users who share a room with a user: joined members of the rooms the user is
	 * joined to, the user among them.
	 * @param userId the user
	 * @return the users
	 */
	public Set<String> sharingUsers(String userId) {
		return new HashSet<>(this.db.jdbc()
			.sql("SELECT DISTINCT other.state_key FROM hs_current_state mine JOIN hs_current_state other "
					+ "ON other.room_id = mine.room_id WHERE mine.event_type = 'm.room.member' AND mine.state_key = ? "
					+ "AND mine.membership = 'join' AND other.event_type = 'm.room.member' AND other.membership = 'join'")
			.param(userId)
			.query(String.class)
			.list());
	}

	/**
	 * Computes what a user learns of device lists between two sync tokens, as Synapse: as
	 * {@code changed} the users sharing a room with them (and they themselves) whose devices
	 * changed, and those who joined a room of theirs, or whose room they joined, since; as
	 * {@code left} those they no longer share any room with after a membership change since.
	 * @param userId the user
	 * @param sinceMain the main stream position of the earlier token
	 * @param sinceDevices the devices stream position of the earlier token
	 * @param upToDevices the devices stream position of the later token
	 * @return the changed and left users
	 */
	public Delta delta(String userId, long sinceMain, long sinceDevices, long upToDevices) {
		List<String> keyChanges = (upToDevices > sinceDevices) ? this.db.jdbc()
			.sql("SELECT DISTINCT user_id FROM hs_device_list_changes WHERE stream_position > ? AND stream_position <= ?")
			.params(sinceDevices, upToDevices)
			.query(String.class)
			.list() : List.of();
		// Only the memberships that changed since: the user's own, or another member's in a room
		// the user is joined to.
		List<Membership> memberships = this.db.jdbc()
			.sql("SELECT mine.membership, mine.stream_ordering, other.state_key, other.membership, "
					+ "other.stream_ordering FROM hs_current_state mine JOIN hs_current_state other "
					+ "ON other.room_id = mine.room_id WHERE mine.event_type = 'm.room.member' AND mine.state_key = ? "
					+ "AND other.event_type = 'm.room.member' AND (mine.stream_ordering > ? "
					+ "OR (mine.membership = 'join' AND other.stream_ordering > ?))")
			.params(userId, sinceMain, sinceMain)
			.query((rs, row) -> new Membership(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getLong(5)))
			.list();
		if (keyChanges.isEmpty() && memberships.isEmpty()) {
			return new Delta(List.of(), List.of());
		}
		Set<String> sharing = sharingUsers(userId);
		Set<String> changed = new TreeSet<>();
		for (String changedUser : keyChanges) {
			if (changedUser.equals(userId) || sharing.contains(changedUser)) {
				changed.add(changedUser);
			}
		}
		Set<String> leftCandidates = new HashSet<>();
		for (Membership row : memberships) {
			boolean iJoined = "join".equals(row.mine());
			boolean theyJoined = "join".equals(row.theirs());
			if (iJoined && row.mineAt() > sinceMain) {
				if (theyJoined) {
					changed.add(row.other());
				}
			}
			else if (iJoined) {
				(theyJoined ? changed : leftCandidates).add(row.other());
			}
			else if (theyJoined) {
				leftCandidates.add(row.other());
			}
		}
		Set<String> left = new TreeSet<>();
		for (String candidate : leftCandidates) {
			if (!sharing.contains(candidate) && !candidate.equals(userId)) {
				left.add(candidate);
			}
		}
		changed.removeAll(left);
		return new Delta(List.copyOf(changed), List.copyOf(left));
	}

	/**
	 * What a user learns of device lists between two sync tokens.
	 *
	 * @param changed the users whose devices may have changed
	 * @param left the users who no longer share a room with the user
	 */
	public record Delta(List<String> changed, List<String> left) {

		/**
		 * Tells whether there is nothing to learn.
		 * @return whether both lists are empty
		 */
		public boolean isEmpty() {
			return this.changed.isEmpty() && this.left.isEmpty();
		}

	}

	private record Membership(String mine, long mineAt, String other, String theirs, long theirsAt) {

	}

}

package org.modulehost.homeserver.api;

import java.util.concurrent.CompletionStage;

/**
 * The room directory (the public room list) as modules change it, Synapse's
 * {@code PublicRoomListManager}. No callback ({@code checkVisibilityCanBeModified}) is asked:
 * the module decides.
 */
public interface PublicRoomListManager {

	/**
	 * Tells whether a room is published in the room directory.
	 * @param roomId the room
	 * @return a stage of whether it is published; {@code false} for an unknown room
	 */
	CompletionStage<Boolean> roomIsInPublicRoomList(String roomId);

	/**
	 * Publishes a room in the room directory.
	 * @param roomId the room
	 * @return a stage completed once it is published; completed exceptionally with a
	 * {@link MatrixError} 404 for an unknown room
	 */
	CompletionStage<Void> addRoomToPublicRoomList(String roomId);

	/**
	 * Withdraws a room from the room directory.
	 * @param roomId the room
	 * @return a stage completed once it is withdrawn (also when it was not published)
	 */
	CompletionStage<Void> removeRoomFromPublicRoomList(String roomId);

}

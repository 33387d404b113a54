package org.modulehost.homeserver.modules;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the test modules were called with, for tests to assert on. Entries name the user or event
 * they concern, so tests sharing a context do not see each other's entries.
 */
public final class Recorder {

	private static final Queue<String> calls = new ConcurrentLinkedQueue<>();

	private Recorder() {
	}

	public static void record(String call) {
		calls.add(call);
	}

	public static List<String> calls() {
		return List.copyOf(calls);
	}

	public static boolean called(String call) {
		return calls.contains(call);
	}

}

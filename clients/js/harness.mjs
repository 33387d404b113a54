// The suites' runner: a suite is a list of named steps, each an async function over a shared
// context. Every step prints one line ("ok - name (12 ms)" or "not ok - name: why"); the first
// failing step ends the suite with exit code 1, since the later steps build on the earlier ones.
import assert from "node:assert/strict";

import { createClient, MatrixError } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

export { assert };

// The SDK logs every request and sync at info level; a suite prints its steps only.
// The Rust crypto's tracing is fixed at debug level and goes to console.debug and console.info.
const logLevel = process.env.MATRIX_SDK_LOG_LEVEL ?? "error";
logger.setLevel(logLevel);
if (!["trace", "debug"].includes(logLevel)) {
    console.debug = () => {};
    console.info = () => {};
}

/** The homeserver under test, from MATRIX_HOMESERVER_URL (the JUnit test sets it). */
export const baseUrl = process.env.MATRIX_HOMESERVER_URL ?? "http://127.0.0.1:8008";

/** A random suffix, so that a suite can run twice against the same server. */
export const runId = Math.random().toString(36).slice(2, 8);

/**
 * Runs the steps in order and exits: 0 when every step passed, 1 at the first failure.
 * @param {string} suite the suite's name, printed first
 * @param {Array<[string, (context: object) => Promise<void>]>} steps
 * @param {(context: object) => Promise<void>} [cleanUp] run at the end whatever happened
 */
export async function run(suite, steps, cleanUp) {
    const context = {};
    const started = Date.now();
    console.log(`# ${suite} against ${baseUrl}`);
    let failed = false;
    for (const [name, step] of steps) {
        const stepStarted = Date.now();
        try {
            await step(context);
            console.log(`ok - ${name} (${Date.now() - stepStarted} ms)`);
        } catch (error) {
            console.log(`not ok - ${name}: ${describe(error)}`);
            failed = true;
            break;
        }
    }
    if (cleanUp) {
        await cleanUp(context).catch((error) => console.log(`# clean-up failed: ${describe(error)}`));
    }
    console.log(`# ${failed ? "failed" : "passed"} in ${Date.now() - started} ms`);
    process.exit(failed ? 1 : 0);
}

function describe(error) {
    if (error instanceof MatrixError) {
        return `MatrixError ${error.httpStatus} ${error.errcode}: ${error.message} ${JSON.stringify(error.data)}`;
    }
    return error?.stack ?? String(error);
}

/**
 * Waits until the condition holds (what the client parsed from its sync, usually).
 * @param {() => unknown} condition
 * @param {string} what what is awaited, for the failure message
 * @param {number} [timeoutMs]
 * @returns {Promise<unknown>} the condition's first truthy value
 */
export async function until(condition, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await condition();
        if (value) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/**
 * Expects the promise to be rejected with a MatrixError.
 * @returns {Promise<MatrixError>} the error, for further assertions
 */
export async function rejection(promise, httpStatus, errcode) {
    try {
        await promise;
    } catch (error) {
        assert.ok(error instanceof MatrixError, `expected a MatrixError, got ${describe(error)}`);
        assert.equal(error.httpStatus, httpStatus, describe(error));
        if (errcode !== undefined) {
            assert.equal(error.errcode, errcode, describe(error));
        }
        return error;
    }
    assert.fail(`expected ${httpStatus} ${errcode ?? ""}, but the request succeeded`);
}

/** A client without an account, for registration and login. */
export function anonymousClient() {
    return createClient({ baseUrl });
}

/**
 * Registers a user through the server's user-interactive auth: the first request, without
 * auth, is answered 401 with the flows and a session; the second completes m.login.dummy.
 * @returns {Promise<{userId: string, accessToken: string, deviceId: string, password: string}>}
 */
export async function register(localpart, password) {
    const client = anonymousClient();
    const request = { username: localpart, password, initial_device_display_name: "suite registration" };
    const challenge = await rejection(client.registerRequest(request), 401);
    assert.ok(
        challenge.data.flows.some((flow) => flow.stages.includes("m.login.dummy")),
        `flows offer m.login.dummy: ${JSON.stringify(challenge.data.flows)}`,
    );
    assert.equal(typeof challenge.data.session, "string");
    const registered = await client.registerRequest({
        ...request,
        auth: { type: "m.login.dummy", session: challenge.data.session },
    });
    assert.match(registered.user_id, new RegExp(`^@${localpart}:`));
    assert.ok(registered.access_token, "an access token");
    assert.ok(registered.device_id, "a device id");
    return {
        userId: registered.user_id,
        accessToken: registered.access_token,
        deviceId: registered.device_id,
        password,
    };
}

/**
 * Logs in with a password (a new device) and returns a client for that session, not yet syncing.
 */
export async function login(userId, password, deviceName) {
    const response = await anonymousClient().loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password,
        initial_device_display_name: deviceName,
    });
    assert.equal(response.user_id, userId);
    assert.ok(response.access_token && response.device_id, "a token and a device");
    return createClient({
        baseUrl,
        userId: response.user_id,
        accessToken: response.access_token,
        deviceId: response.device_id,
    });
}

/** Starts the client's sync loop and waits for its first sync. */
export async function startSyncing(client) {
    await client.startClient({ initialSyncLimit: 30 });
    await until(() => ["PREPARED", "SYNCING"].includes(client.getSyncState()), `${client.getUserId()}'s first sync`);
}

/** The server name of a user id. */
export function serverName(userId) {
    return userId.slice(userId.indexOf(":") + 1);
}

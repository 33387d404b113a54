// End-to-end encryption as matrix-js-sdk does it with its Rust crypto (the WebAssembly build of
// matrix-sdk-crypto): two users in an encrypted room each send a message the other decrypts.
// The crypto store is in memory (useIndexedDB: false), so Node needs no IndexedDB.
import { createClient, EventType, KnownMembership, Preset } from "matrix-js-sdk";

import { assert, baseUrl, register, run, runId, startSyncing, until } from "./harness.mjs";

const PASSWORD = "suite-password-42";
const MEGOLM = "m.megolm.v1.aes-sha2";

/** A client for a registered user's device, with the Rust crypto, not yet syncing. */
async function cryptoClient(account) {
    const client = createClient({
        baseUrl, userId: account.userId, accessToken: account.accessToken, deviceId: account.deviceId,
    });
    await client.initRustCrypto({ useIndexedDB: false });
    return client;
}

/** Waits until the user sees the event decrypted (or fails on a decryption failure). */
async function decrypted(client, roomId, eventId) {
    return until(() => {
        const event = client.getRoom(roomId)?.findEventById(eventId);
        if (event?.isDecryptionFailure()) {
            throw new Error(`${client.getUserId()} could not decrypt ${eventId}: ${event.decryptionFailureReason}`);
        }
        return event && !event.isBeingDecrypted() && event.getClearContent() && event;
    }, `${eventId} decrypted by ${client.getUserId()}`, 30000);
}

const steps = [
    ["two users register and start the Rust crypto on their devices", async (c) => {
        c.alice = await cryptoClient(await register(`alice-e2ee-${runId}`, PASSWORD));
        c.bob = await cryptoClient(await register(`bob-e2ee-${runId}`, PASSWORD));
        for (const client of [c.alice, c.bob]) {
            const keys = await client.getCrypto().getOwnDeviceKeys();
            assert.ok(keys.ed25519 && keys.curve25519, "the device's identity keys");
            await startSyncing(client);
        }
    }],

    ["each device's keys are uploaded and the other user's client downloads them", async (c) => {
        for (const [client, other] of [[c.alice, c.bob], [c.bob, c.alice]]) {
            const ownKeys = await other.getCrypto().getOwnDeviceKeys();
            const device = await until(async () => {
                const devices = await client.getCrypto().getUserDeviceInfo([other.getUserId()], true);
                return devices.get(other.getUserId())?.get(other.getDeviceId());
            }, `${other.getUserId()}'s device keys at ${client.getUserId()}`);
            assert.equal(device.getIdentityKey(), ownKeys.curve25519);
            assert.equal(device.getFingerprint(), ownKeys.ed25519);
            assert.ok(device.algorithms.includes(MEGOLM), `the device supports megolm: ${device.algorithms}`);
        }
    }],

    ["alice creates an encrypted room, invites bob, and bob joins", async (c) => {
        const { room_id: roomId } = await c.alice.createRoom({
            preset: Preset.PrivateChat,
            invite: [c.bob.getUserId()],
            initial_state: [{ type: EventType.RoomEncryption, state_key: "", content: { algorithm: MEGOLM } }],
        });
        c.roomId = roomId;
        await until(() => c.bob.getRoom(roomId)?.getMyMembership() === KnownMembership.Invite, "bob's invite");
        await c.bob.joinRoom(roomId);
        await until(() => c.alice.getRoom(roomId)?.getMember(c.bob.getUserId())?.membership === KnownMembership.Join,
            "bob's join in alice's sync");
        for (const client of [c.alice, c.bob]) {
            await until(() => client.getRoom(roomId)?.hasEncryptionStateEvent(), `the encryption state at ${client.getUserId()}`);
            // the Rust crypto learns of it a little later, from the same sync
            await until(() => client.getCrypto().isEncryptionEnabledInRoom(roomId),
                `encryption enabled in the Rust crypto of ${client.getUserId()}`);
        }
    }],

    ["alice's message is encrypted on the wire and bob decrypts it", async (c) => {
        const { event_id: eventId } = await c.alice.sendTextMessage(c.roomId, "a secret from alice");
        const event = await decrypted(c.bob, c.roomId, eventId);
        assert.equal(event.getWireType(), EventType.RoomMessageEncrypted);
        assert.equal(event.getWireContent().algorithm, MEGOLM);
        assert.equal(event.getType(), EventType.RoomMessage);
        assert.equal(event.getContent().body, "a secret from alice");
        assert.equal(event.getSender(), c.alice.getUserId());
        const stored = await c.bob.fetchRoomEvent(c.roomId, eventId);
        assert.equal(stored.type, EventType.RoomMessageEncrypted);
        assert.equal(stored.content.body, undefined, "the server holds no clear text");
    }],

    ["bob's answer is encrypted and alice decrypts it", async (c) => {
        const { event_id: eventId } = await c.bob.sendTextMessage(c.roomId, "a secret from bob");
        const event = await decrypted(c.alice, c.roomId, eventId);
        assert.equal(event.getWireType(), EventType.RoomMessageEncrypted);
        assert.equal(event.getContent().body, "a secret from bob");
        assert.equal(event.getSender(), c.bob.getUserId());
    }],
];

await run("matrix-js-sdk end-to-end encryption (Rust crypto)", steps, async (c) => {
    c.alice?.stopClient();
    c.bob?.stopClient();
});

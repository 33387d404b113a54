// The client-server API as matrix-js-sdk uses it: two users, each step asserting what the SDK
// parsed (its Room, RoomMember, MatrixEvent objects and typed responses), not raw JSON.
// A step is one entry of `steps`; add one for a new feature the same way.
import { randomBytes } from "node:crypto";

import {
    createClient, Direction, EventType, KnownMembership, MsgType, NotificationCountType, Preset, ReceiptType,
    SetPresence,
} from "matrix-js-sdk";

import {
    assert, baseUrl, login, register, rejection, run, runId, serverName, startSyncing, until,
} from "./harness.mjs";

const PASSWORD = "suite-password-42";

/** The event with this id in the user's room timeline (as the SDK parsed it from /sync). */
function eventSeenBy(client, roomId, eventId) {
    return client.getRoom(roomId)?.findEventById(eventId);
}

const steps = [
    ["two users register through user-interactive auth (m.login.dummy)", async (c) => {
        c.aliceRegistration = await register(`alice-${runId}`, PASSWORD);
        c.bobRegistration = await register(`bob-${runId}`, PASSWORD);
        assert.notEqual(c.aliceRegistration.userId, c.bobRegistration.userId);
    }],

    ["each logs in with a password on a new device and syncs", async (c) => {
        c.alice = await login(c.aliceRegistration.userId, PASSWORD, "suite alice");
        c.bob = await login(c.bobRegistration.userId, PASSWORD, "suite bob");
        assert.notEqual(c.alice.getDeviceId(), c.aliceRegistration.deviceId);
        const whoami = await c.alice.whoami();
        assert.equal(whoami.user_id, c.aliceRegistration.userId);
        assert.equal(whoami.device_id, c.alice.getDeviceId());
        await startSyncing(c.alice);
        await startSyncing(c.bob);
    }],

    ["alice creates a room and her sync shows her joined", async (c) => {
        const { room_id: roomId } = await c.alice.createRoom({
            name: "suite room", topic: "first topic", preset: Preset.PrivateChat,
        });
        c.roomId = roomId;
        const room = await until(() => c.alice.getRoom(roomId)?.getMyMembership() === KnownMembership.Join
            && c.alice.getRoom(roomId), "alice's room in her sync");
        assert.equal(room.name, "suite room");
        assert.equal(room.currentState.getStateEvents(EventType.RoomCreate, "").getSender(), c.alice.getUserId());
    }],

    ["alice invites bob and bob's sync shows the invite", async (c) => {
        await c.alice.invite(c.roomId, c.bob.getUserId());
        const room = await until(() => c.bob.getRoom(c.roomId)?.getMyMembership() === KnownMembership.Invite
            && c.bob.getRoom(c.roomId), "the invite in bob's sync");
        assert.equal(room.getMember(c.bob.getUserId()).events.member.getSender(), c.alice.getUserId());
        assert.equal(room.name, "suite room");
    }],

    ["bob joins and alice's sync shows him joined", async (c) => {
        const joined = await c.bob.joinRoom(c.roomId);
        assert.equal(joined.roomId, c.roomId);
        await until(() => c.bob.getRoom(c.roomId)?.getMyMembership() === KnownMembership.Join, "bob's join in his sync");
        await until(() => c.alice.getRoom(c.roomId)?.getMember(c.bob.getUserId())?.membership === KnownMembership.Join,
            "bob's join in alice's sync");
        assert.deepEqual(
            c.alice.getRoom(c.roomId).getJoinedMembers().map((member) => member.userId).sort(),
            [c.alice.getUserId(), c.bob.getUserId()].sort(),
        );
    }],

    ["messages go both ways and each side sees the other's in its sync", async (c) => {
        const { event_id: fromAlice } = await c.alice.sendTextMessage(c.roomId, "hello bob");
        const seenByBob = await until(() => eventSeenBy(c.bob, c.roomId, fromAlice), "alice's message in bob's sync");
        assert.equal(seenByBob.getSender(), c.alice.getUserId());
        assert.equal(seenByBob.getType(), EventType.RoomMessage);
        assert.deepEqual(seenByBob.getContent(), { msgtype: MsgType.Text, body: "hello bob" });

        const { event_id: fromBob } = await c.bob.sendTextMessage(c.roomId, "hello alice");
        const seenByAlice = await until(() => eventSeenBy(c.alice, c.roomId, fromBob), "bob's message in alice's sync");
        assert.equal(seenByAlice.getSender(), c.bob.getUserId());
        assert.equal(seenByAlice.getContent().body, "hello alice");
    }],

    ["pagination backwards returns the history in order (createMessagesRequest and scrollback)", async (c) => {
        const bodies = [];
        for (let n = 1; n <= 25; n++) {
            bodies.push(`page ${n}`);
            await c.alice.sendTextMessage(c.roomId, `page ${n}`);
        }
        await until(() => c.bob.getRoom(c.roomId).getLiveTimeline().getEvents()
            .some((event) => event.getContent().body === "page 25"), "the last page in bob's sync");

        // /messages page by page, newest first, until the start of the room
        const paged = [];
        let from = null;
        let pages = 0;
        for (;;) {
            const page = await c.bob.createMessagesRequest(c.roomId, from, 10, Direction.Backward);
            pages++;
            paged.push(...page.chunk);
            if (!page.end || page.chunk.length === 0) {
                break;
            }
            assert.ok(pages < 20, "pagination ends");
            from = page.end;
        }
        const pagedBodies = paged.filter((event) => event.content?.body?.startsWith("page "))
            .map((event) => event.content.body);
        assert.deepEqual(pagedBodies, [...bodies].reverse());
        assert.equal(paged.at(-1).type, EventType.RoomCreate);
        assert.ok(pages >= 3, `several pages (${pages})`);

        // the SDK's own back-pagination fills bob's timeline down to the room's creation
        const room = c.bob.getRoom(c.roomId);
        for (let i = 0; i < 20 && room.getLiveTimeline().getEvents()[0].getType() !== EventType.RoomCreate; i++) {
            await c.bob.scrollback(room, 10);
        }
        const timeline = room.getLiveTimeline().getEvents();
        assert.equal(timeline[0].getType(), EventType.RoomCreate);
        assert.deepEqual(timeline.map((event) => event.getContent().body)
            .filter((body) => body?.startsWith("page ")), bodies);
    }],

    ["room name and topic changes reach the other side as state", async (c) => {
        await c.alice.setRoomName(c.roomId, "renamed suite room");
        await c.alice.setRoomTopic(c.roomId, "second topic");
        const room = c.bob.getRoom(c.roomId);
        await until(() => room.name === "renamed suite room", "the new name in bob's sync");
        await until(() => room.currentState.getStateEvents(EventType.RoomTopic, "")?.getContent().topic === "second topic",
            "the new topic in bob's sync");
        const topic = await c.bob.getStateEvent(c.roomId, EventType.RoomTopic, "");
        assert.equal(topic.topic, "second topic");
    }],

    ["a redacted message is redacted for the other side", async (c) => {
        const { event_id: eventId } = await c.alice.sendTextMessage(c.roomId, "regrettable");
        await until(() => eventSeenBy(c.bob, c.roomId, eventId), "the message in bob's sync");
        const { event_id: redactionId } = await c.alice.redactEvent(c.roomId, eventId, undefined, { reason: "oops" });
        assert.ok(redactionId, "the redaction's event id");
        const event = await until(() => {
            const seen = eventSeenBy(c.bob, c.roomId, eventId);
            return seen?.isRedacted() && seen;
        }, "the redaction in bob's sync");
        assert.deepEqual(event.getContent(), {});
        assert.equal(event.getUnsigned().redacted_because?.content?.reason ?? event.getRedactionEvent()?.content?.reason, "oops");
        const fetched = await c.bob.fetchRoomEvent(c.roomId, eventId);
        assert.deepEqual(fetched.content, {});
    }],

    ["a display name is in the profile and in the room's member list", async (c) => {
        await c.bob.setDisplayName("Bob Builder");
        const profile = await c.alice.getProfileInfo(c.bob.getUserId());
        assert.equal(profile.displayname, "Bob Builder");
        await until(() => c.alice.getRoom(c.roomId).getMember(c.bob.getUserId())?.name === "Bob Builder",
            "bob's new name in alice's member list");
    }],

    ["account data, global and per room, comes back through sync and directly", async (c) => {
        const type = "org.modulehost.suite";
        await c.alice.setAccountData(type, { colour: "blue" });
        const event = await until(() => c.alice.getAccountData(type), "the account data in alice's sync");
        assert.deepEqual(event.getContent(), { colour: "blue" });
        assert.deepEqual(await c.alice.getAccountDataFromServer(type), { colour: "blue" });

        await c.alice.setRoomAccountData(c.roomId, type, { pinned: true });
        const roomEvent = await until(() => c.alice.getRoom(c.roomId).getAccountData(type),
            "the room account data in alice's sync");
        assert.deepEqual(roomEvent.getContent(), { pinned: true });
        assert.equal(c.bob.getAccountData(type), undefined);
    }],

    ["a room alias is created, resolved and deleted", async (c) => {
        const alias = `#suite-${runId}:${serverName(c.alice.getUserId())}`;
        await c.alice.createAlias(alias, c.roomId);
        const resolved = await c.bob.getRoomIdForAlias(alias);
        assert.equal(resolved.room_id, c.roomId);
        assert.ok(resolved.servers.includes(serverName(c.alice.getUserId())));
        const { aliases } = await c.alice.getLocalAliases(c.roomId);
        assert.deepEqual(aliases, [alias]);
        await c.alice.deleteAlias(alias);
        await rejection(c.bob.getRoomIdForAlias(alias), 404, "M_NOT_FOUND");
    }],

    ["typing: bob's client sees alice start and stop typing (RoomMember.typing)", async (c) => {
        const room = c.bob.getRoom(c.roomId);
        const typingMembers = () => room.getMembers().filter((member) => member.typing).map((member) => member.userId);
        await c.alice.sendTyping(c.roomId, true, 30000);
        await until(() => room.getMember(c.alice.getUserId())?.typing, "alice typing in bob's sync");
        assert.deepEqual(typingMembers(), [c.alice.getUserId()]);
        await c.alice.sendTyping(c.roomId, false, 0);
        await until(() => !room.getMember(c.alice.getUserId()).typing, "alice's typing ended in bob's sync");
        assert.deepEqual(typingMembers(), []);
    }],

    ["read receipts: bob's client sees alice's receipt for his message; his unread count follows his own", async (c) => {
        const room = c.bob.getRoom(c.roomId);
        const { event_id: fromBob } = await c.bob.sendTextMessage(c.roomId, "read me, alice");
        const seenByAlice = await until(() => eventSeenBy(c.alice, c.roomId, fromBob), "bob's message in alice's sync");
        await c.alice.sendReadReceipt(seenByAlice);
        await until(() => room.getEventReadUpTo(c.alice.getUserId(), true) === fromBob, "alice's receipt in bob's sync");
        const event = eventSeenBy(c.bob, c.roomId, fromBob);
        assert.ok(room.getUsersReadUpTo(event).includes(c.alice.getUserId()));
        const receipt = room.getReceiptsForEvent(event).find((r) => r.userId === c.alice.getUserId());
        assert.equal(receipt?.type, ReceiptType.Read);
        assert.ok(receipt.data.ts > 0, `a receipt timestamp: ${JSON.stringify(receipt.data)}`);

        // bob's own receipt on his message clears the notifications of alice's earlier messages
        assert.ok(room.getUnreadNotificationCount(NotificationCountType.Total) > 0, "alice's earlier messages notify bob");
        await c.bob.sendReadReceipt(event);
        await until(() => room.getUnreadNotificationCount(NotificationCountType.Total) === 0, "bob's count 0");
        const { event_id: fromAlice } = await c.alice.sendTextMessage(c.roomId, "one more for bob");
        const unread = await until(() => eventSeenBy(c.bob, c.roomId, fromAlice), "alice's message in bob's sync");
        await until(() => room.getUnreadNotificationCount(NotificationCountType.Total) === 1,
            "bob's unread count 1 after alice's message");
        assert.equal(room.getUnreadNotificationCount(NotificationCountType.Highlight), 0);
        await c.bob.sendReadReceipt(unread);
        await until(() => room.getUnreadNotificationCount(NotificationCountType.Total) === 0,
            "bob's unread count 0 after his receipt");
    }],

    ["presence: bob's client sees alice unavailable with a status message (User.presence)", async (c) => {
        // the SDK's sync says set_presence (online unless told otherwise): it is told first
        await c.alice.setSyncPresence(SetPresence.Unavailable);
        await c.alice.setPresence({ presence: "unavailable", status_msg: "at the tea party" });
        const user = await until(() => {
            const seen = c.bob.getUser(c.alice.getUserId());
            return seen?.presence === "unavailable" && seen.presenceStatusMsg === "at the tea party" && seen;
        }, "alice's presence in bob's sync");
        assert.ok(user.lastPresenceTs > 0, `a presence timestamp: ${user.lastPresenceTs}`);
        const fetched = await c.bob.getPresence(c.alice.getUserId());
        assert.equal(fetched.presence, "unavailable");
        assert.equal(fetched.status_msg, "at the tea party");
        await c.alice.setSyncPresence(SetPresence.Online);
    }],

    ["media: alice uploads with uploadContent, bob downloads the same bytes from mxcUrlToHttp", async (c) => {
        const config = await c.bob.getMediaConfig(true);
        assert.ok(config["m.upload.size"] > 1024, JSON.stringify(config));
        const bytes = randomBytes(64 * 1024);
        const { content_uri: mxc } = await c.alice.uploadContent(bytes, { name: "suite.bin", type: "application/octet-stream" });
        assert.match(mxc, new RegExp(`^mxc://${serverName(c.alice.getUserId()).replace(/[.]/g, "[.]")}/[A-Za-z0-9_-]+$`));
        const url = c.bob.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
        assert.ok(url.startsWith(`${baseUrl}/_matrix/client/v1/media/download/`), url);
        const response = await fetch(url, { headers: { Authorization: `Bearer ${c.bob.getAccessToken()}` } });
        assert.equal(response.status, 200);
        assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes), "the downloaded bytes are the uploaded ones");
    }],

    ["search: searchRoomEvents finds alice's message for both users", async (c) => {
        const word = `teapot${runId}`;
        const { event_id: eventId } = await c.alice.sendTextMessage(c.roomId, `the ${word} is on the table`);
        await until(() => eventSeenBy(c.bob, c.roomId, eventId), "the message in bob's sync");
        for (const client of [c.alice, c.bob]) {
            const found = await client.searchRoomEvents({ term: word });
            assert.equal(found.results.length, 1, `${client.getUserId()}: ${found.results.length} results`);
            assert.equal(found.count, 1);
            assert.ok(found.highlights.includes(word), JSON.stringify(found.highlights));
            const event = found.results[0].context.getEvent();
            assert.equal(event.getId(), eventId);
            assert.equal(event.getSender(), c.alice.getUserId());
            assert.equal(event.getContent().body, `the ${word} is on the table`);
        }
        const none = await c.bob.searchRoomEvents({ term: `nothing${runId}` });
        assert.equal(none.results.length, 0);
    }],

    ["devices are listed, renamed and deleted with a password", async (c) => {
        const registrationDevice = c.aliceRegistration.deviceId;
        const { devices } = await c.alice.getDevices();
        assert.deepEqual(devices.map((device) => device.device_id).sort(),
            [registrationDevice, c.alice.getDeviceId()].sort());

        await c.alice.setDeviceDetails(registrationDevice, { display_name: "old phone" });
        assert.equal((await c.alice.getDevice(registrationDevice)).display_name, "old phone");

        const challenge = await rejection(c.alice.deleteDevice(registrationDevice), 401);
        assert.ok(challenge.data.flows.some((flow) => flow.stages.includes("m.login.password")));
        await c.alice.deleteDevice(registrationDevice, {
            type: "m.login.password",
            identifier: { type: "m.id.user", user: c.alice.getUserId() },
            password: PASSWORD,
            session: challenge.data.session,
        });
        const after = await c.alice.getDevices();
        assert.deepEqual(after.devices.map((device) => device.device_id), [c.alice.getDeviceId()]);
        const oldSession = createClient({ baseUrl, accessToken: c.aliceRegistration.accessToken });
        await rejection(oldSession.whoami(), 401, "M_UNKNOWN_TOKEN");
    }],

    ["alice adds an e-mail address by the link the server mailed her and lists it", async (c) => {
        const email = `alice-${runId}@example.com`;
        const secret = `suite-secret-${runId}`;
        const { sid } = await c.alice.requestAdd3pidEmailToken(email, secret, 1);
        assert.ok(sid);
        const mailbox = process.env.MATRIX_TEST_MAIL_URL;
        const link = await until(async () => {
            const found = await fetch(`${mailbox}/link?to=${encodeURIComponent(email)}`);
            return found.ok && found.text();
        }, "the validation e-mail");
        const page = await fetch(link);
        assert.equal(page.status, 200);
        const challenge = await rejection(c.alice.addThreePidOnly({ sid, client_secret: secret }), 401);
        await c.alice.addThreePidOnly({
            sid, client_secret: secret,
            auth: {
                type: "m.login.password", session: challenge.data.session, password: PASSWORD,
                identifier: { type: "m.id.user", user: c.alice.getUserId() },
            },
        });
        const { threepids } = await c.alice.getThreePids();
        assert.deepEqual(threepids.map((threepid) => [threepid.medium, threepid.address]), [["email", email]]);
    }],

    ["logging out ends the session", async (c) => {
        const token = c.bob.getAccessToken();
        await c.bob.logout(true);
        const loggedOut = createClient({ baseUrl, accessToken: token });
        await rejection(loggedOut.whoami(), 401, "M_UNKNOWN_TOKEN");
        await rejection(loggedOut.getJoinedRooms(), 401, "M_UNKNOWN_TOKEN");
    }],
];

await run("matrix-js-sdk", steps, async (c) => {
    c.alice?.stopClient();
    c.bob?.stopClient();
});

"""The client-server API as matrix-nio uses it: two users, each step asserting what nio parsed
(its response classes, MatrixRoom objects and typed events), not raw JSON.

A step is one decorated coroutine; add one for a new feature the same way.
Run with the system's interpreter (matrix-nio is the Debian package python3-matrix-nio):
MATRIX_HOMESERVER_URL=http://127.0.0.1:8008 /usr/bin/python3 suite.py
"""

import asyncio
import json
import os
import random
import string
import sys
import time
import traceback

from nio import (
    AsyncClient,
    AsyncClientConfig,
    DeleteDevicesAuthResponse,
    DeleteDevicesResponse,
    DevicesResponse,
    DownloadResponse,
    JoinResponse,
    LoginResponse,
    LogoutResponse,
    MessageDirection,
    PresenceEvent,
    PresenceGetResponse,
    PresenceSetResponse,
    ProfileGetDisplayNameResponse,
    ReceiptEvent,
    RedactedEvent,
    RedactionEvent,
    RegisterResponse,
    RoomCreateResponse,
    RoomDeleteAliasResponse,
    RoomGetEventResponse,
    RoomGetStateEventResponse,
    RoomInviteResponse,
    RoomMessagesResponse,
    RoomMessageText,
    RoomPreset,
    RoomPutAliasResponse,
    RoomPutStateResponse,
    RoomReadMarkersResponse,
    RoomRedactResponse,
    RoomResolveAliasError,
    RoomResolveAliasResponse,
    RoomSendResponse,
    RoomTypingResponse,
    SyncResponse,
    TypingNoticeEvent,
    UnknownAccountDataEvent,
    UpdateDeviceResponse,
    UpdateReceiptMarkerResponse,
    UploadResponse,
)
from nio.events import Event
from nio.responses import WhoamiError, WhoamiResponse

BASE_URL = os.environ.get("MATRIX_HOMESERVER_URL", "http://127.0.0.1:8008")
RUN_ID = "".join(random.choices(string.ascii_lowercase + string.digits, k=6))
PASSWORD = "suite-password-42"
# No end-to-end encryption in this suite, hence no key store on disk.
CONFIG = AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False)

STEPS = []


def step(name):
    """Adds the coroutine to the suite as a step named `name`."""

    def add(function):
        STEPS.append((name, function))
        return function

    return add


def expect(response, kind):
    """Asserts that nio parsed the response as `kind` (not as an error) and returns it."""
    assert isinstance(response, kind), f"expected {kind.__name__}, got {response!r}"
    return response


class User:
    """One logged-in client and every room event its syncs delivered, by event id."""

    def __init__(self, client):
        self.client = client
        self.events = {}
        self.account_data = {}
        self.room_account_data = {}
        self.typing_notices = {}
        self.receipts = []
        self.presence = {}

    @property
    def user_id(self):
        return self.client.user_id

    async def sync(self, timeout_ms=0):
        response = expect(await self.client.sync(timeout=timeout_ms), SyncResponse)
        for room_id, room in response.rooms.join.items():
            for event in room.timeline.events:
                self.events[event.event_id] = event
            for event in room.account_data:
                if isinstance(event, UnknownAccountDataEvent):
                    self.room_account_data[(room_id, event.type)] = event
            for event in room.ephemeral:
                if isinstance(event, TypingNoticeEvent):
                    self.typing_notices[room_id] = event
                elif isinstance(event, ReceiptEvent):
                    self.receipts.extend((room_id, receipt) for receipt in event.receipts)
        for event in response.presence_events:
            if isinstance(event, PresenceEvent):
                self.presence[event.user_id] = event
        for event in response.account_data_events:
            if isinstance(event, UnknownAccountDataEvent):
                self.account_data[event.type] = event
        return response

    async def sync_until(self, condition, what, timeout_s=15):
        """Syncs (long-polling) until the condition holds on what nio parsed; returns its value."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
            await self.sync(timeout_ms=1000)


async def new_client():
    return AsyncClient(BASE_URL, config=CONFIG)


async def login(user_id, device_name):
    client = await new_client()
    client.user = user_id
    response = expect(await client.login(PASSWORD, device_name=device_name), LoginResponse)
    assert response.user_id == user_id, response
    assert client.access_token == response.access_token and client.device_id == response.device_id
    return User(client)


@step("two users register (m.login.dummy)")
async def register(c):
    for name in ("alice", "bob"):
        client = await new_client()
        response = expect(await client.register(f"{name}-{RUN_ID}", PASSWORD, "suite registration"),
                          RegisterResponse)
        assert response.user_id.startswith(f"@{name}-{RUN_ID}:"), response
        assert response.access_token and response.device_id, response
        c[f"{name}_registration"] = response
        c.setdefault("clients", []).append(client)
    assert c["alice_registration"].user_id != c["bob_registration"].user_id


@step("each logs in with a password on a new device and syncs")
async def log_in(c):
    c["alice"] = await login(c["alice_registration"].user_id, "suite alice")
    c["bob"] = await login(c["bob_registration"].user_id, "suite bob")
    assert c["alice"].client.device_id != c["alice_registration"].device_id
    whoami = expect(await c["alice"].client.whoami(), WhoamiResponse)
    assert whoami.user_id == c["alice"].user_id, whoami  # nio 0.20 parses no device_id here
    await c["alice"].sync()
    await c["bob"].sync()


@step("alice creates a room and her sync shows her joined")
async def create_room(c):
    alice = c["alice"]
    created = expect(await alice.client.room_create(name="suite room", topic="first topic",
                                                    preset=RoomPreset.private_chat), RoomCreateResponse)
    c["room_id"] = created.room_id
    room = await alice.sync_until(lambda: alice.client.rooms.get(created.room_id), "alice's room in her sync")
    assert room.name == "suite room", room.name
    assert room.topic == "first topic", room.topic
    # nio 0.20 reads the creator from m.room.create's content, which room version 11 (the
    # server's default, as Synapse's) no longer has: it parses that event as a BadEvent.
    assert list(room.users) == [alice.user_id]


@step("alice invites bob and bob's sync shows the invite")
async def invite(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    expect(await alice.client.room_invite(room_id, bob.user_id), RoomInviteResponse)
    room = await bob.sync_until(lambda: bob.client.invited_rooms.get(room_id), "the invite in bob's sync")
    assert room.name == "suite room", room.name
    assert room.inviter == alice.user_id, room.inviter


@step("bob joins and alice's sync shows him joined")
async def join(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    joined = expect(await bob.client.join(room_id), JoinResponse)
    assert joined.room_id == room_id
    await bob.sync_until(lambda: room_id in bob.client.rooms and room_id not in bob.client.invited_rooms,
                         "bob's join in his sync")
    room = alice.client.rooms[room_id]
    await alice.sync_until(lambda: bob.user_id in room.users, "bob's join in alice's sync")
    assert sorted(room.users) == sorted([alice.user_id, bob.user_id])
    assert room.member_count == 2


async def send_text(user, room_id, body):
    response = expect(await user.client.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body}),
                      RoomSendResponse)
    return response.event_id


@step("messages go both ways and each side sees the other's in its sync")
async def messages(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    from_alice = await send_text(alice, room_id, "hello bob")
    seen = await bob.sync_until(lambda: bob.events.get(from_alice), "alice's message in bob's sync")
    assert isinstance(seen, RoomMessageText), seen
    assert seen.sender == alice.user_id and seen.body == "hello bob"

    from_bob = await send_text(bob, room_id, "hello alice")
    seen = await alice.sync_until(lambda: alice.events.get(from_bob), "bob's message in alice's sync")
    assert isinstance(seen, RoomMessageText), seen
    assert seen.sender == bob.user_id and seen.body == "hello alice"


@step("pagination backwards with room_messages returns the history in order")
async def pagination(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    bodies = [f"page {n}" for n in range(1, 26)]
    for body in bodies:
        await send_text(alice, room_id, body)
    await bob.sync_until(lambda: any(getattr(e, "body", None) == "page 25" for e in bob.events.values()),
                         "the last page in bob's sync")
    paged, start, pages = [], bob.client.next_batch, 0
    while True:
        page = expect(await bob.client.room_messages(room_id, start, direction=MessageDirection.back, limit=10),
                      RoomMessagesResponse)
        pages += 1
        paged.extend(page.chunk)
        if not page.end or not page.chunk:
            break
        assert pages < 20, "pagination ends"
        start = page.end
    assert [e.body for e in paged if isinstance(e, RoomMessageText) and e.body.startswith("page ")] \
        == list(reversed(bodies))
    assert paged[-1].source["type"] == "m.room.create", paged[-1]  # a BadEvent to nio 0.20 (see above)
    assert pages >= 3, pages


@step("room name and topic changes reach the other side as state")
async def state(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    expect(await alice.client.room_put_state(room_id, "m.room.name", {"name": "renamed suite room"}),
           RoomPutStateResponse)
    expect(await alice.client.room_put_state(room_id, "m.room.topic", {"topic": "second topic"}),
           RoomPutStateResponse)
    room = bob.client.rooms[room_id]
    await bob.sync_until(lambda: room.name == "renamed suite room" and room.topic == "second topic",
                         "the new name and topic in bob's sync")
    topic = expect(await bob.client.room_get_state_event(room_id, "m.room.topic"), RoomGetStateEventResponse)
    assert topic.content == {"topic": "second topic"}, topic.content


@step("a redacted message is redacted for the other side")
async def redaction(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    event_id = await send_text(alice, room_id, "regrettable")
    await bob.sync_until(lambda: bob.events.get(event_id), "the message in bob's sync")
    redacted = expect(await alice.client.room_redact(room_id, event_id, reason="oops"), RoomRedactResponse)
    redaction_event = await bob.sync_until(lambda: bob.events.get(redacted.event_id), "the redaction in bob's sync")
    assert isinstance(redaction_event, RedactionEvent), redaction_event
    assert redaction_event.redacts == event_id and redaction_event.reason == "oops"
    fetched = expect(await bob.client.room_get_event(room_id, event_id), RoomGetEventResponse)
    assert isinstance(fetched.event, RedactedEvent), fetched.event
    assert fetched.event.redacter == alice.user_id and fetched.event.reason == "oops"


@step("a display name is in the profile and in the room's member list")
async def profile(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    await bob.client.set_displayname("Bob Builder")
    name = expect(await alice.client.get_displayname(bob.user_id), ProfileGetDisplayNameResponse)
    assert name.displayname == "Bob Builder", name
    room = alice.client.rooms[room_id]
    await alice.sync_until(lambda: room.users[bob.user_id].display_name == "Bob Builder",
                           "bob's new name in alice's member list")
    assert room.user_name(bob.user_id) == "Bob Builder"


@step("account data, global and per room, comes back through sync")
async def account_data(c):
    # nio 0.20 has no call to write account data: the step writes through its generic send()
    # and checks what its sync parsed.
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    kind = "org.modulehost.suite"
    base = f"/_matrix/client/v3/user/{alice.user_id}"
    headers = {"Authorization": f"Bearer {alice.client.access_token}", "Content-Type": "application/json"}
    for path, body in ((f"{base}/account_data/{kind}", '{"colour": "blue"}'),
                       (f"{base}/rooms/{room_id}/account_data/{kind}", '{"pinned": true}')):
        response = await alice.client.send("PUT", path, body, headers)
        assert response.status == 200, (path, response.status, await response.text())
    event = await alice.sync_until(lambda: alice.account_data.get(kind), "the account data in alice's sync")
    assert event.content == {"colour": "blue"}, event
    event = await alice.sync_until(lambda: alice.room_account_data.get((room_id, kind)),
                                   "the room account data in alice's sync")
    assert event.content == {"pinned": True}, event
    await bob.sync()
    assert kind not in bob.account_data


@step("a room alias is created, resolved and deleted")
async def aliases(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    server = alice.user_id.split(":", 1)[1]
    alias = f"#suite-{RUN_ID}:{server}"
    expect(await alice.client.room_put_alias(alias, room_id), RoomPutAliasResponse)
    resolved = expect(await bob.client.room_resolve_alias(alias), RoomResolveAliasResponse)
    assert resolved.room_id == room_id and server in resolved.servers, resolved
    expect(await alice.client.room_delete_alias(alias), RoomDeleteAliasResponse)
    gone = expect(await bob.client.room_resolve_alias(alias), RoomResolveAliasError)
    assert gone.status_code == "M_NOT_FOUND", gone


@step("typing: bob's sync shows alice start and stop typing (TypingNoticeEvent)")
async def typing(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    room = bob.client.rooms[room_id]
    expect(await alice.client.room_typing(room_id, True, timeout=30000), RoomTypingResponse)
    await bob.sync_until(lambda: room.typing_users == [alice.user_id], "alice typing in bob's sync")
    assert bob.typing_notices[room_id].users == [alice.user_id], bob.typing_notices[room_id]
    expect(await alice.client.room_typing(room_id, False), RoomTypingResponse)
    await bob.sync_until(lambda: room.typing_users == [], "alice's typing ended in bob's sync")
    assert bob.typing_notices[room_id].users == [], bob.typing_notices[room_id]


@step("read receipts: bob's sync shows alice's receipt for his message; his unread count follows his own")
async def receipts(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    room = bob.client.rooms[room_id]
    from_bob = await send_text(bob, room_id, "read me, alice")
    await alice.sync_until(lambda: alice.events.get(from_bob), "bob's message in alice's sync")
    expect(await alice.client.update_receipt_marker(room_id, from_bob), UpdateReceiptMarkerResponse)
    receipt = await bob.sync_until(lambda: next((r for (rid, r) in bob.receipts if rid == room_id
                                                 and r.user_id == alice.user_id and r.event_id == from_bob), None),
                                   "alice's receipt in bob's sync")
    assert receipt.receipt_type == "m.read" and receipt.timestamp > 0, receipt
    assert room.read_receipts[alice.user_id].event_id == from_bob, room.read_receipts

    # bob's own read marker and receipt on his message clear the notifications of alice's earlier messages
    assert room.unread_notifications > 0, "alice's earlier messages notify bob"
    expect(await bob.client.room_read_markers(room_id, from_bob, from_bob), RoomReadMarkersResponse)
    await bob.sync_until(lambda: room.unread_notifications == 0, "bob's unread count 0")
    from_alice = await send_text(alice, room_id, "one more for bob")
    await bob.sync_until(lambda: bob.events.get(from_alice), "alice's message in bob's sync")
    await bob.sync_until(lambda: room.unread_notifications == 1, "bob's unread count 1 after alice's message")
    assert room.unread_highlights == 0, room.unread_highlights
    expect(await bob.client.update_receipt_marker(room_id, from_alice), UpdateReceiptMarkerResponse)
    await bob.sync_until(lambda: room.unread_notifications == 0, "bob's unread count 0 after his receipt")


@step("presence: bob's sync shows alice unavailable with a status message (PresenceEvent)")
async def presence(c):
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    expect(await alice.client.set_presence("unavailable", "at the tea party"), PresenceSetResponse)
    event = await bob.sync_until(lambda: (lambda e: e if e and e.presence == "unavailable" else None)(
        bob.presence.get(alice.user_id)), "alice's presence in bob's sync")
    assert event.status_msg == "at the tea party", event
    member = bob.client.rooms[room_id].users[alice.user_id]
    assert member.presence == "unavailable" and member.status_msg == "at the tea party", vars(member)
    fetched = expect(await bob.client.get_presence(alice.user_id), PresenceGetResponse)
    assert fetched.presence == "unavailable" and fetched.status_msg == "at the tea party", fetched


@step("media: alice uploads, bob downloads the same bytes")
async def media(c):
    alice, bob = c["alice"], c["bob"]
    data = os.urandom(64 * 1024)
    uploaded, _ = await alice.client.upload(lambda *_: data, content_type="application/octet-stream",
                                            filename="suite.bin", filesize=len(data))
    expect(uploaded, UploadResponse)
    assert uploaded.content_uri.startswith(f"mxc://{alice.user_id.split(':', 1)[1]}/"), uploaded
    downloaded = expect(await bob.client.download(uploaded.content_uri), DownloadResponse)
    assert downloaded.body == data, "the downloaded bytes are the uploaded ones"
    assert downloaded.content_type == "application/octet-stream", downloaded.content_type
    assert downloaded.filename == "suite.bin", downloaded.filename


@step("search: /search finds alice's message for both users (nio has no search call)")
async def search(c):
    # nio 0.20 has no call for /search: the step posts through nio's generic send() and has
    # nio parse the events of the results.
    alice, bob, room_id = c["alice"], c["bob"], c["room_id"]
    word = f"teapot{RUN_ID}"
    event_id = await send_text(alice, room_id, f"the {word} is on the table")
    await bob.sync_until(lambda: bob.events.get(event_id), "the message in bob's sync")
    body = json.dumps({"search_categories": {"room_events": {"search_term": word}}})
    for user in (alice, bob):
        headers = {"Authorization": f"Bearer {user.client.access_token}", "Content-Type": "application/json"}
        response = await user.client.send("POST", "/_matrix/client/v3/search", body, headers)
        assert response.status == 200, (response.status, await response.text())
        found = (await response.json())["search_categories"]["room_events"]
        events = [Event.parse_event(result["result"]) for result in found["results"]]
        assert [e.event_id for e in events] == [event_id], events
        assert isinstance(events[0], RoomMessageText) and events[0].sender == alice.user_id, events[0]
        assert events[0].body == f"the {word} is on the table", events[0]
        assert word in found["highlights"], found["highlights"]


@step("devices are listed, renamed and deleted with a password")
async def devices(c):
    alice = c["alice"]
    registration_device = c["alice_registration"].device_id
    listed = expect(await alice.client.devices(), DevicesResponse)
    assert sorted(d.id for d in listed.devices) == sorted([registration_device, alice.client.device_id])
    expect(await alice.client.update_device(registration_device, {"display_name": "old phone"}),
           UpdateDeviceResponse)
    listed = expect(await alice.client.devices(), DevicesResponse)
    assert {d.id: d.display_name for d in listed.devices}[registration_device] == "old phone"

    challenge = expect(await alice.client.delete_devices([registration_device]), DeleteDevicesAuthResponse)
    assert any("m.login.password" in flow["stages"] for flow in challenge.flows), challenge.flows
    auth = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": alice.user_id},
            "password": PASSWORD, "session": challenge.session}
    expect(await alice.client.delete_devices([registration_device], auth), DeleteDevicesResponse)
    listed = expect(await alice.client.devices(), DevicesResponse)
    assert [d.id for d in listed.devices] == [alice.client.device_id]


@step("logging out ends the session")
async def logout(c):
    bob = c["bob"]
    token = bob.client.access_token
    expect(await bob.client.logout(), LogoutResponse)
    old = await new_client()
    old.access_token = token
    c["clients"].append(old)
    refused = expect(await old.whoami(), WhoamiError)
    assert refused.status_code == "M_UNKNOWN_TOKEN", refused


async def main():
    context = {}
    started = time.monotonic()
    print(f"# matrix-nio against {BASE_URL}", flush=True)
    failed = False
    try:
        for name, function in STEPS:
            step_started = time.monotonic()
            try:
                await function(context)
                print(f"ok - {name} ({(time.monotonic() - step_started) * 1000:.0f} ms)", flush=True)
            except Exception:  # a step's failure ends the suite: the later steps build on it
                print(f"not ok - {name}: {traceback.format_exc()}", flush=True)
                failed = True
                break
    finally:
        for client in context.get("clients", []) + [u.client for u in (context.get("alice"), context.get("bob")) if u]:
            await client.close()
    print(f"# {'failed' if failed else 'passed'} in {(time.monotonic() - started) * 1000:.0f} ms", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""The original stack: Flask-SocketIO on eventlet with the same chat handlers as ChatService (benchmark peer).

    /usr/bin/python3 app.py --port 5102

Debian packages only (python3-flask-socketio, python3-eventlet). Same wire behaviour as ChatService for what
the load generator uses: `connected` on connect; join_room -> user_left / user_joined / room_joined (last 50
messages) and ack {ok, room_id}; send_message -> validated, sanitized, stored in memory, new_message to the
whole room with the offset as an extra argument, ack {ok, message}; typing -> user_typing to the others.
"""
import eventlet
import eventlet.wsgi

eventlet.monkey_patch()

import argparse  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import unicodedata  # noqa: E402
from collections import defaultdict, deque  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room, leave_room  # noqa: E402

ROOM_RE = re.compile(r"^[a-z0-9_-]{1,64}$")
MAX_MESSAGE = 2000
MAX_USERNAME = 50
HISTORY_LIMIT = 50
RESERVED = {"assistenteintegracao", "bot"}
REMOVED_RE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet", cors_allowed_origins="*", logger=False, engineio_logger=False)

history = defaultdict(lambda: deque(maxlen=1000))  # room -> messages
presence = defaultdict(set)  # room -> sids
state = {}  # sid -> {"room", "username"}
next_id = [1]


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean(text, line_breaks):
    text = REMOVED_RE.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    if not line_breaks:
        text = text.replace("\n", " ").replace("\t", " ")
    return text.strip()


def fold(name):
    return "".join(
        c.lower() for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn" and not c.isspace()
    )


def reject(event, code, message):
    error = {"code": code, "message": message, "event": event}
    emit("error", error)
    return {"ok": False, "error": error}


def leave_current(sid, st):
    room = st["room"]
    if not room:
        return
    st["room"] = None
    leave_room(room)
    members = presence[room]
    members.discard(sid)
    socketio.emit(
        "user_left",
        {"user_id": sid, "username": st["username"], "room": room, "timestamp": now(), "users_count": len(members)},
        to=room,
        skip_sid=sid,
    )


@app.get("/health")
def health():
    return jsonify(status="healthy")


@socketio.on("connect")
def on_connect(auth=None):
    state[request.sid] = {"room": None, "username": None}
    emit("connected", {"user_id": request.sid, "message": "Conectado ao chat IntegrAção"})


@socketio.on("disconnect")
def on_disconnect():
    st = state.pop(request.sid, None)
    if st:
        leave_current(request.sid, st)


@socketio.on("join_room")
def on_join(payload=None):
    sid = request.sid
    st = state[sid]
    if payload is not None and not isinstance(payload, dict):
        return reject("join_room", "invalid_payload", "envie um objeto JSON.")
    payload = payload or {}
    room = payload.get("room_id") or "general"
    if not isinstance(room, str) or not ROOM_RE.match(room):
        return reject("join_room", "invalid_room", "Sala inválida.")
    username = clean(payload.get("username") or st["username"] or "Anônimo", False)
    if not username or len(username) > MAX_USERNAME or fold(username) in RESERVED:
        return reject("join_room", "invalid_username", "Nome inválido.")
    if st["room"] and st["room"] != room:
        leave_current(sid, st)
    st["room"] = room
    st["username"] = username
    join_room(room)
    members = presence[room]
    members.add(sid)
    recent = list(history[room])[-HISTORY_LIMIT:]
    socketio.emit(
        "user_joined",
        {"user_id": sid, "username": username, "room": room, "timestamp": now(), "users_count": len(members)},
        to=room,
    )
    emit(
        "room_joined",
        {"room_id": room, "message": f"Você entrou na sala {room}", "users_count": len(members), "username": username, "history": recent},
    )
    return {"ok": True, "room_id": room}


@socketio.on("leave_room")
def on_leave(payload=None):
    leave_current(request.sid, state[request.sid])
    return {"ok": True}


@socketio.on("send_message")
def on_send(payload=None):
    sid = request.sid
    st = state[sid]
    if not isinstance(payload, dict):
        return reject("send_message", "invalid_payload", "envie um objeto JSON.")
    room = st["room"]
    if not room or (payload.get("room_id") is not None and payload.get("room_id") != room):
        return reject("send_message", "not_in_room", "Entre na sala primeiro.")
    if not isinstance(payload.get("message"), str):
        return reject("send_message", "invalid_payload", "o campo message é obrigatório.")
    text = clean(payload["message"], True)
    if not text:
        return reject("send_message", "empty_message", "Mensagem vazia.")
    if len(text) > MAX_MESSAGE:
        return reject("send_message", "message_too_long", "Mensagem longa demais.")
    message = {
        "id": next_id[0],
        "user_id": sid,
        "username": st["username"],
        "message": text,
        "room_id": room,
        "timestamp": now(),
        "type": "user",
    }
    next_id[0] += 1
    history[room].append(message)
    socketio.emit("new_message", (message, str(message["id"])), to=room)
    return {"ok": True, "message": message}


@socketio.on("typing")
def on_typing(payload=None):
    sid = request.sid
    st = state[sid]
    room = st["room"]
    if not room or (isinstance(payload, dict) and payload.get("room_id") not in (None, room)):
        return reject("typing", "not_in_room", "Entre na sala primeiro.")
    is_typing = payload.get("is_typing", True) is not False if isinstance(payload, dict) else True
    socketio.emit("user_typing", {"user_id": sid, "username": st["username"], "is_typing": is_typing, "room_id": room}, to=room, skip_sid=sid)
    return {"ok": True}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5102)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(f"flask-socketio peer on http://127.0.0.1:{args.port}", flush=True)
    # As socketio.run does, with a larger accept backlog and no 1,024-greenthread cap (eventlet's defaults).
    listener = eventlet.listen(("127.0.0.1", args.port), backlog=4096)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=50000)

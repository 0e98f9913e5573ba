// The Node socket.io 4.8 reference server with the same chat handlers as ChatService
// (join_room / send_message / typing / leave_room, in-memory history): the benchmark peer.
//
//   node server.mjs --port 5101
//
// Same wire behaviour as ChatService for what the load generator uses: `connected` on connect;
// join_room -> user_left to the old room, user_joined to the new room, room_joined (last 50 messages) to
// the joiner, ack {ok, room_id}; send_message -> validated, sanitized, stored (in memory), new_message
// {id,user_id,username,message,room_id,timestamp,type} + offset string to the whole room, ack {ok, message};
// typing -> user_typing to the others. Default socket.io options (perMessageDeflate off, as ChatService).
import { createServer } from "node:http";
import { Server } from "socket.io";

const args = process.argv.slice(2);
const port = Number(args[args.indexOf("--port") + 1] || 5101);
const host = "127.0.0.1";

const ROOM_RE = /^[a-z0-9_-]{1,64}$/;
const MAX_MESSAGE = 2000;
const MAX_USERNAME = 50;
const HISTORY_LIMIT = 50;
const HISTORY_KEEP = 1000; // in-memory history kept per room
const RESERVED = new Set(["assistenteintegracao", "bot"]);
// Control characters except \n and \t, and invisible bidi / zero-width characters (joiners kept).
const REMOVED_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

const history = new Map(); // room -> [message]
const presence = new Map(); // room -> Set(socket.id)
let nextId = 1;

const httpServer = createServer((req, res) => {
  if (req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "healthy" }));
    return;
  }
  res.writeHead(404);
  res.end();
});
const io = new Server(httpServer, { cors: { origin: "*" }, serveClient: false });

const now = () => new Date().toISOString();
const clean = (s, lineBreaks) => {
  let t = String(s).replace(/\r\n?/g, "\n").replace(REMOVED_RE, "");
  if (!lineBreaks) t = t.replace(/[\n\t]/g, " ");
  return t.trim();
};
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f\s]/g, "").toLowerCase();
const isObject = (p) => p !== null && typeof p === "object" && !Array.isArray(p);

io.on("connection", (socket) => {
  const state = { room: null, username: null };
  socket.emit("connected", { user_id: socket.id, message: "Conectado ao chat IntegrAção" });

  const reject = (event, code, message, ack) => {
    const error = { code, message, event };
    socket.emit("error", error);
    if (typeof ack === "function") ack({ ok: false, error });
  };

  const leave = (disconnecting) => {
    const room = state.room;
    if (!room) return;
    state.room = null;
    socket.leave(room);
    const members = presence.get(room);
    members?.delete(socket.id);
    socket.to(room).emit("user_left", {
      user_id: socket.id, username: state.username, room, timestamp: now(), users_count: members ? members.size : 0,
    });
  };

  socket.on("join_room", (payload, ack) => {
    if (payload != null && !isObject(payload)) return reject("join_room", "invalid_payload", "envie um objeto JSON.", ack);
    const room = payload?.room_id ?? "general";
    if (typeof room !== "string" || !ROOM_RE.test(room)) return reject("join_room", "invalid_room", "Sala inválida.", ack);
    const username = clean(payload?.username ?? state.username ?? "Anônimo", false);
    if (username.length === 0 || [...username].length > MAX_USERNAME || RESERVED.has(fold(username))) {
      return reject("join_room", "invalid_username", "Nome inválido.", ack);
    }
    if (state.room && state.room !== room) leave(false);
    state.room = room;
    state.username = username;
    socket.join(room);
    if (!presence.has(room)) presence.set(room, new Set());
    const members = presence.get(room);
    members.add(socket.id);
    const recent = (history.get(room) ?? []).slice(-HISTORY_LIMIT);
    io.to(room).emit("user_joined", { user_id: socket.id, username, room, timestamp: now(), users_count: members.size });
    socket.emit("room_joined", { room_id: room, message: `Você entrou na sala ${room}`, users_count: members.size, username, history: recent });
    if (typeof ack === "function") ack({ ok: true, room_id: room });
  });

  socket.on("leave_room", (_payload, ack) => {
    leave(false);
    if (typeof ack === "function") ack({ ok: true });
  });

  socket.on("send_message", (payload, ack) => {
    if (!isObject(payload)) return reject("send_message", "invalid_payload", "envie um objeto JSON.", ack);
    const room = state.room;
    if (!room || (payload.room_id != null && payload.room_id !== room)) return reject("send_message", "not_in_room", "Entre na sala primeiro.", ack);
    if (typeof payload.message !== "string") return reject("send_message", "invalid_payload", "o campo message é obrigatório.", ack);
    const text = clean(payload.message, true);
    if (text.length === 0) return reject("send_message", "empty_message", "Mensagem vazia.", ack);
    if ([...text].length > MAX_MESSAGE) return reject("send_message", "message_too_long", "Mensagem longa demais.", ack);
    const message = {
      id: nextId++, user_id: socket.id, username: state.username, message: text, room_id: room, timestamp: now(), type: "user",
    };
    let list = history.get(room);
    if (!list) history.set(room, (list = []));
    list.push(message);
    if (list.length > HISTORY_KEEP * 2) list.splice(0, list.length - HISTORY_KEEP);
    io.to(room).emit("new_message", message, String(message.id));
    if (typeof ack === "function") ack({ ok: true, message });
  });

  socket.on("typing", (payload, ack) => {
    const room = state.room;
    if (!room || (isObject(payload) && payload.room_id != null && payload.room_id !== room)) return reject("typing", "not_in_room", "Entre na sala primeiro.", ack);
    socket.to(room).emit("user_typing", { user_id: socket.id, username: state.username, is_typing: isObject(payload) ? payload.is_typing !== false : true, room_id: room });
    if (typeof ack === "function") ack({ ok: true });
  });

  socket.on("disconnect", () => leave(true));
});

httpServer.listen(port, host, () => console.log(`node socket.io peer on http://${host}:${port}`));
const stop = () => { io.close(); process.exit(0); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// Chat contract scenarios (SPEC §2) with the official socket.io-client, run by ChatEndToEndTests:
//   node chat-scenarios.mjs <baseUrl> <polling|websocket|upgrade> <scenario>
// Prints one JSON line and exits 0 on success; exits 1 with the reason otherwise. Every wait is bounded.
import { io } from "socket.io-client";

const [baseUrl, mode, scenario] = process.argv.slice(2);
const WAIT_MS = 10000;
const sockets = [];

function options(extra = {}) {
  const transport =
    mode === "polling" ? { transports: ["polling"] } : mode === "websocket" ? { transports: ["websocket"] } : {};
  return { ...transport, reconnection: false, forceNew: true, ...extra };
}

function fail(message) {
  console.log(JSON.stringify({ ok: false, scenario, mode, message }));
  for (const s of sockets) s.disconnect();
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

/** The next `event` on `socket` matching `predicate`, or a failure after WAIT_MS. */
function next(socket, event, predicate = () => true, ms = WAIT_MS) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`timed out waiting for ${event}`), ms);
    const listener = (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Resolves true if `event` arrives within `ms`, false otherwise. */
function arrives(socket, event, ms = 600) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { socket.off(event, listener); resolve(false); }, ms);
    const listener = () => { clearTimeout(timer); socket.off(event, listener); resolve(true); };
    socket.on(event, listener);
  });
}

async function connect(extra = {}) {
  const socket = io(baseUrl, options(extra));
  sockets.push(socket);
  const connected = next(socket, "connected");
  await next(socket, "connect");
  const payload = await connected;
  if (mode === "upgrade") {
    if (socket.io.engine.transport.name !== "websocket") {
      await new Promise((resolve) => {
        const timer = setTimeout(() => fail("no upgrade to websocket"), WAIT_MS);
        socket.io.engine.once("upgrade", () => { clearTimeout(timer); resolve(); });
      });
    }
  }
  return { socket, connected: payload };
}

function ack(socket, event, payload) {
  return socket.timeout(WAIT_MS).emitWithAck(event, payload).catch(() => fail(`no ack for ${event}`));
}

async function join(socket, room_id, username) {
  const joined = next(socket, "room_joined", (p) => p.room_id === room_id);
  const answer = await ack(socket, "join_room", { room_id, username });
  check(answer.ok === true, `join_room refused: ${JSON.stringify(answer)}`);
  return joined;
}

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const uniqueRoom = () => "room-" + Math.random().toString(36).slice(2, 10);

async function expectError(socket, event, payload, code) {
  const error = next(socket, "error", (e) => e.event === event);
  const answer = await ack(socket, event, payload);
  check(answer.ok === false && answer.error?.code === code, `${event}: expected ack error ${code}, got ${JSON.stringify(answer)}`);
  const e = await error;
  check(e.code === code && typeof e.message === "string" && e.message.length > 0, `${event}: expected error event ${code}, got ${JSON.stringify(e)}`);
}

const scenarios = {
  async connected() {
    const { socket, connected } = await connect();
    check(connected.user_id === socket.id, `connected.user_id ${connected.user_id} != socket.id ${socket.id}`);
    check(typeof connected.message === "string" && connected.message.length > 0, "connected.message missing");
  },

  async "join-and-message"() {
    const room = uniqueRoom();
    const a = (await connect()).socket;
    const b = (await connect()).socket;
    const aJoined = next(a, "user_joined", (p) => p.user_id === a.id);
    const joinedA = await join(a, room, "Ana");
    check(joinedA.room_id === room && typeof joinedA.message === "string" && joinedA.users_count === 1, `room_joined: ${JSON.stringify(joinedA)}`);
    const selfJoin = await aJoined;
    check(selfJoin.username === "Ana" && selfJoin.room === room && isoUtc.test(selfJoin.timestamp), `user_joined to joiner: ${JSON.stringify(selfJoin)}`);

    const seenByA = next(a, "user_joined", (p) => p.user_id === b.id);
    const joinedB = await join(b, room, "Bruno");
    check(joinedB.users_count === 2, `users_count after second join: ${joinedB.users_count}`);
    const bJoin = await seenByA;
    check(bJoin.username === "Bruno" && bJoin.room === room, `user_joined seen by A: ${JSON.stringify(bJoin)}`);

    const atA = next(a, "new_message");
    const atB = next(b, "new_message");
    const answer = await ack(b, "send_message", { room_id: room, message: "  Olá, ação e coração 🎉  ", username: "Bruno" });
    check(answer.ok === true, `send_message ack: ${JSON.stringify(answer)}`);
    for (const m of [await atA, await atB, answer.message]) {
      check(typeof m.id === "number" && m.user_id === b.id && m.username === "Bruno" && m.message === "Olá, ação e coração 🎉"
        && m.room_id === room && isoUtc.test(m.timestamp) && m.type === "user", `new_message fields: ${JSON.stringify(m)}`);
    }

    const history = await (await fetch(`${baseUrl}/api/chat/history/${room}`)).json();
    check(history.room_id === room && history.messages.length === 1 && history.messages[0].id === answer.message.id, `history: ${JSON.stringify(history)}`);

    const again = await join(a, room, "Ana");
    check(again.history?.length === 1 && again.history[0].message === "Olá, ação e coração 🎉", `room_joined history: ${JSON.stringify(again.history)}`);
  },

  async typing() {
    const room = uniqueRoom();
    const a = (await connect()).socket;
    const b = (await connect()).socket;
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    const atB = next(b, "user_typing");
    const echoedToA = arrives(a, "user_typing");
    const answer = await ack(a, "typing", { room_id: room, username: "Ana", is_typing: true });
    check(answer.ok === true, `typing ack: ${JSON.stringify(answer)}`);
    const t = await atB;
    check(t.user_id === a.id && t.username === "Ana" && t.is_typing === true, `user_typing: ${JSON.stringify(t)}`);
    check(!(await echoedToA), "the sender received its own user_typing");
    const stop = next(b, "user_typing", (p) => p.is_typing === false);
    a.emit("typing", { room_id: room, username: "Ana", is_typing: false });
    await stop;
  },

  async "switch-room"() {
    const first = uniqueRoom();
    const second = uniqueRoom();
    const a = (await connect()).socket;
    const b = (await connect()).socket;
    await join(a, first, "Ana");
    await join(b, first, "Bruno");
    const left = next(b, "user_left");
    await join(a, second, "Ana");
    const l = await left;
    check(l.user_id === a.id && l.username === "Ana" && l.room === first, `user_left: ${JSON.stringify(l)}`);
    // A is in one room at a time: messages to the first room no longer reach it.
    const leaked = arrives(a, "new_message");
    await ack(b, "send_message", { room_id: first, message: "só para a primeira sala" });
    check(!(await leaked), "a message of the old room reached a connection that left it");
    const rejected = await ack(a, "send_message", { room_id: first, message: "volta" });
    check(rejected.ok === false && rejected.error.code === "not_in_room", `post to the old room: ${JSON.stringify(rejected)}`);
  },

  async "leave-and-disconnect"() {
    const room = uniqueRoom();
    const a = (await connect()).socket;
    const b = (await connect()).socket;
    const c = (await connect()).socket;
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    await join(c, room, "Carla");
    const leftViaLeave = next(c, "user_left", (p) => p.user_id === a.id);
    const answer = await ack(a, "leave_room", { room_id: room });
    check(answer.ok === true, `leave_room ack: ${JSON.stringify(answer)}`);
    await leftViaLeave;
    const bId = b.id; // socket.io-client clears socket.id on disconnect
    const leftViaDisconnect = next(c, "user_left", (p) => p.user_id === bId);
    b.disconnect();
    const l = await leftViaDisconnect;
    check(l.username === "Bruno" && l.room === room, `user_left on disconnect: ${JSON.stringify(l)}`);
    const rooms = await (await fetch(`${baseUrl}/api/chat/rooms`)).json();
    const listed = rooms.rooms.find((r) => r.id === room);
    check(listed && listed.users_count === 1, `users_count after leaves: ${JSON.stringify(listed)}`);
  },

  async validation() {
    const room = uniqueRoom();
    const { socket } = await connect();
    await expectError(socket, "send_message", { room_id: room, message: "antes de entrar" }, "not_in_room");
    await expectError(socket, "typing", { room_id: room, is_typing: true }, "not_in_room");
    await expectError(socket, "join_room", "general", "invalid_payload");
    await expectError(socket, "join_room", { room_id: 42, username: "Ana" }, "invalid_payload");
    await expectError(socket, "join_room", { room_id: "Sala Inválida!", username: "Ana" }, "invalid_room");
    await expectError(socket, "join_room", { room_id: room, username: "Assistente Integracao" }, "invalid_username");
    await expectError(socket, "join_room", { room_id: room, username: "BOT" }, "invalid_username");
    await expectError(socket, "join_room", { room_id: room, username: "x".repeat(51) }, "invalid_username");
    await expectError(socket, "join_room", { room_id: room, username: " \u0000\u200b " }, "invalid_username");
    await join(socket, room, "Ana");
    await expectError(socket, "send_message", ["not", "an object"], "invalid_payload");
    await expectError(socket, "send_message", { room_id: room, message: 123 }, "invalid_payload");
    await expectError(socket, "send_message", { room_id: room }, "invalid_payload");
    await expectError(socket, "send_message", { room_id: room, message: " \n\t\u0007 " }, "empty_message");
    await expectError(socket, "send_message", { room_id: room, message: "a".repeat(2001) }, "message_too_long");
    await expectError(socket, "send_message", { room_id: "general", message: "outra sala" }, "not_in_room");
    await expectError(socket, "typing", { room_id: room, is_typing: "sim" }, "invalid_payload");

    const longest = await ack(socket, "send_message", { room_id: room, message: "é".repeat(2000) });
    check(longest.ok === true, "a message of exactly 2000 characters was refused");
    const cleaned = await ack(socket, "send_message", { room_id: room, message: "li\u0000nha 1\r\nlinha\t2\u202e", username: "Impostor" });
    check(cleaned.ok === true && cleaned.message.message === "linha 1\nlinha\t2", `sanitized text: ${JSON.stringify(cleaned.message?.message)}`);
    check(cleaned.message.username === "Ana", `impersonation: stored as ${cleaned.message.username}`);

    const history = await (await fetch(`${baseUrl}/api/chat/history/${room}`)).json();
    check(history.messages.length === 2, `rejected events stored something: ${history.messages.length} messages`);
    // The connection still works after every rejection.
    const ok = await ack(socket, "send_message", { room_id: room, message: "ainda aqui" });
    check(ok.ok === true, "the connection stopped working after rejections");
  },

  async "rate-limit"() {
    const room = uniqueRoom();
    const { socket } = await connect();
    await join(socket, room, "Ana");
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, i) => ack(socket, "send_message", { room_id: room, message: `msg ${i}` })));
    const accepted = answers.filter((a) => a.ok).length;
    const limited = answers.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    check(accepted === 10 && limited === 4, `burst: ${accepted} accepted, ${limited} rate_limited`);
    const typing = await Promise.all(Array.from({ length: 5 }, () => ack(socket, "typing", { room_id: room, is_typing: true })));
    const typingLimited = typing.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    check(typingLimited === 3, `typing: ${typingLimited} rate_limited of 5`);
    check(socket.connected, "rate limiting disconnected the client");
    const history = await (await fetch(`${baseUrl}/api/chat/history/${room}`)).json();
    check(history.messages.length === 10, `stored ${history.messages.length} messages, expected 10`);
  },

  async "rest-routes"() {
    const health = await (await fetch(`${baseUrl}/health`)).json();
    check(health.status === "healthy" && health.service === "IntegrAção Chat Service" && isoUtc.test(health.timestamp)
      && Number.isInteger(health.active_users) && Number.isInteger(health.active_rooms), `health: ${JSON.stringify(health)}`);
    const rooms = await (await fetch(`${baseUrl}/api/chat/rooms`)).json();
    for (const id of ["general", "support", "offers"]) {
      const r = rooms.rooms.find((x) => x.id === id);
      check(r && typeof r.name === "string" && typeof r.description === "string" && Number.isInteger(r.users_count), `rooms: ${JSON.stringify(rooms)}`);
    }
    const analytics = await (await fetch(`${baseUrl}/api/chat/analytics`)).json();
    check(Number.isInteger(analytics.total_messages) && Number.isInteger(analytics.active_users) && Number.isInteger(analytics.total_rooms)
      && typeof analytics.messages_by_room === "object" && analytics.hourly_activity.length === 24
      && analytics.hourly_activity.every((h) => /^\d{2}:00$/.test(h.hour) && Number.isInteger(h.messages)), `analytics: ${JSON.stringify(analytics)}`);
  },
};


const AGENT_TOKEN = process.env.AGENT_TOKEN ?? "agent-secret";
const BOT = "Assistente IntegrAção";
const isBotMessage = (m) => m.type === "bot" && m.user_id === "bot" && m.username === BOT;

async function connectAgent(name) {
  const { socket } = await connect({ auth: { agent_token: AGENT_TOKEN } });
  await join(socket, "support", name);
  return socket;
}

Object.assign(scenarios, {
  async "bot-reply"() {
    const user = (await connect()).socket;
    const other = (await connect()).socket;
    const room = uniqueRoom();
    await join(user, "support", "Joana");
    await join(other, room, "Outra Pessoa");
    const typing = next(user, "user_typing", (t) => t.user_id === "bot" && t.is_typing === true);
    const reply = next(user, "new_message", isBotMessage);
    const sent = await ack(user, "send_message", { room_id: "support", message: "oii, como faço pra me cadastrar na plataforma?" });
    check(sent.ok, `send: ${JSON.stringify(sent)}`);
    // While the bot waits before answering, everything else keeps flowing.
    let botAnswered = false;
    reply.then(() => { botAnswered = true; });
    const elsewhere = await ack(other, "send_message", { room_id: room, message: "enquanto isso" });
    check(elsewhere.ok && !botAnswered, "other traffic waited for the bot");
    const t = await typing;
    check(t.username === BOT, `bot typing: ${JSON.stringify(t)}`);
    const r = await reply;
    check(r.room_id === "support" && typeof r.id === "number" && isoUtc.test(r.timestamp) && /cadastr/i.test(r.message), `bot reply: ${JSON.stringify(r)}`);
    const extra = arrives(user, "new_message", 1500);
    check(!(await extra), "the bot answered one message twice (or answered itself)");
    const history = await (await fetch(`${baseUrl}/api/chat/history/support`)).json();
    check(history.messages.some((m) => m.id === r.id && m.type === "bot"), "the bot reply is not in history");
  },

  async handoff() {
    const agent = await connectAgent("Maria (equipe)");
    const user = (await connect()).socket;
    await join(user, "support", "Joana");
    const userId = user.id;
    const requested = next(agent, "handoff_requested", (h) => h.user_id === userId);
    const waiting = next(user, "handoff_status", (s) => s.state === "waiting");
    const botSays = next(user, "new_message", isBotMessage);
    await ack(user, "send_message", { room_id: "support", message: "quero falar com um atendente humano" });
    const h = await requested;
    check(h.username === "Joana" && h.room_id === "support" && /atendente/.test(h.message) && isoUtc.test(h.timestamp), `handoff_requested: ${JSON.stringify(h)}`);
    await waiting;
    check(/atendente|equipe|pessoa/i.test((await botSays).message), "the bot did not say a person will take over");

    const unauthorized = await fetch(`${baseUrl}/api/chat/support/handoffs`);
    check(unauthorized.status === 401, `handoffs without token: ${unauthorized.status}`);
    const pending = await (await fetch(`${baseUrl}/api/chat/support/handoffs`, { headers: { "X-Agent-Token": AGENT_TOKEN } })).json();
    check(pending.handoffs.some((x) => x.user_id === userId && x.state === "waiting"), `pending: ${JSON.stringify(pending)}`);

    const human = next(user, "handoff_status", (s) => s.state === "human");
    const told = next(user, "new_message", isBotMessage);
    const accepted = await ack(agent, "handoff_accept", { user_id: userId });
    check(accepted.ok, `accept: ${JSON.stringify(accepted)}`);
    check((await human).agent_name === "Maria (equipe)", "handoff_status human without the agent's name");
    await told;
    const active = await (await fetch(`${baseUrl}/api/chat/support/handoffs`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } })).json();
    check(active.handoffs.some((x) => x.user_id === userId && x.state === "human" && x.agent_name === "Maria (equipe)"), `active: ${JSON.stringify(active)}`);

    // While the agent handles the user the bot stays quiet; the agent's words reach the user.
    const quiet = arrives(user, "new_message", 1500);
    const fromAgent = next(user, "new_message", (m) => m.username === "Maria (equipe)");
    await ack(user, "send_message", { room_id: "support", message: "como funciona a plataforma?" });
    await ack(agent, "send_message", { room_id: "support", message: "Oi Joana, posso ajudar!" });
    await fromAgent;
    const botQuiet = await new Promise((resolve) => {
      const timer = setTimeout(() => { user.off("new_message", listener); resolve(true); }, 1500);
      const listener = (m) => { if (isBotMessage(m)) { clearTimeout(timer); user.off("new_message", listener); resolve(false); } };
      user.on("new_message", listener);
    });
    await quiet;
    check(botQuiet, "the bot answered a user an agent handles");

    const back = next(user, "handoff_status", (s) => s.state === "bot");
    const released = await ack(agent, "handoff_release", { user_id: userId });
    check(released.ok, `release: ${JSON.stringify(released)}`);
    await back;
    const again = next(user, "new_message", (m) => isBotMessage(m) && /cadastr/i.test(m.message));
    await ack(user, "send_message", { room_id: "support", message: "como faço meu cadastro?" });
    await again;

    const notFound = await ack(agent, "handoff_accept", { user_id: "nobody" });
    check(!notFound.ok && notFound.error.code === "handoff_not_found", `accept unknown: ${JSON.stringify(notFound)}`);
    const notAgent = await ack(user, "handoff_accept", { user_id: userId });
    check(!notAgent.ok && notAgent.error.code === "forbidden", `a user accepting a hand-off: ${JSON.stringify(notAgent)}`);
  },

  async "handoff-timeout"() {
    const user = (await connect()).socket;
    await join(user, "support", "Joana");
    const apology = next(user, "new_message", (m) => isBotMessage(m) && m.message.includes("contato@integracao.com"), 15000);
    const back = next(user, "handoff_status", (s) => s.state === "bot", 15000);
    await ack(user, "send_message", { room_id: "support", message: "preciso falar com uma pessoa" });
    await apology;
    await back;
  },

  async "handoff-after-failures"() {
    const agent = await connectAgent("Carlos (equipe)");
    const user = (await connect()).socket;
    await join(user, "support", "Joana");
    const userId = user.id;
    const first = next(user, "new_message", isBotMessage);
    await ack(user, "send_message", { room_id: "support", message: "xkcd qwrt zzplm" });
    const fallback = await first;
    check(/entend/i.test(fallback.message), `fallback: ${fallback.message}`);
    const requested = next(agent, "handoff_requested", (h) => h.user_id === userId);
    await ack(user, "send_message", { room_id: "support", message: "blorf snargle wibble" });
    await requested;
  },

  async "agent-wrong-token"() {
    const socket = io(baseUrl, options({ auth: { agent_token: "wrong" } }));
    sockets.push(socket);
    const error = await next(socket, "connect_error");
    check(error.message === "invalid agent token", `connect_error: ${error.message}`);
  },
});


/** Messages seen by `socket` in `room`, in arrival order (new_message, live or replayed). */
function collect(socket, room) {
  const seen = [];
  socket.on("new_message", (m) => { if (m.room_id === room) seen.push(m); });
  return seen;
}

async function waitUntil(condition, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const reconnecting = { reconnection: true, reconnectionDelay: 1500, reconnectionDelayMax: 1500, randomizationFactor: 0 };

Object.assign(scenarios, {
  async "recovery-cut"() {
    const room = uniqueRoom();
    const a = (await connect(reconnecting)).socket;
    const b = (await connect()).socket;
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    const seen = collect(a, room);
    await ack(b, "send_message", { room_id: room, message: "antes 1" });
    await waitUntil(() => seen.length === 1, "A saw the first message");
    const idBefore = a.id;

    const back = next(a, "connect", () => true, 10000);
    a.io.engine.close(); // cut the transport; the client reconnects by itself
    const sent = [];
    for (let i = 1; i <= 5; i++) {
      const answer = await ack(b, "send_message", { room_id: room, message: `durante ${i}` });
      check(answer.ok, `send while A is away: ${JSON.stringify(answer)}`);
      sent.push(answer.message.id);
    }
    await back;
    check(a.recovered === true, "socket.recovered is not true after the reconnection");
    check(a.id === idBefore, `the socket id changed on recovery: ${idBefore} → ${a.id}`);
    const live = await ack(b, "send_message", { room_id: room, message: "depois" });
    await waitUntil(() => seen.some((m) => m.id === live.message.id), "A saw the live message after recovery");
    const ids = seen.map((m) => m.id);
    const expected = [seen[0].id, ...sent, live.message.id];
    check(JSON.stringify(ids) === JSON.stringify(expected), `A saw ${JSON.stringify(ids)}, expected ${JSON.stringify(expected)} (each once, in order)`);
    // A is still in the room under its name.
    const fromA = await ack(a, "send_message", { room_id: room, message: "voltei" });
    check(fromA.ok && fromA.message.username === "Ana", `A after recovery: ${JSON.stringify(fromA)}`);
  },

  async "idempotent-send"() {
    const room = uniqueRoom();
    const { socket } = await connect({ ...reconnecting, retries: 5, ackTimeout: 1000 });
    const other = (await connect()).socket;
    await join(socket, room, "Ana");
    await join(other, room, "Bruno");
    const seenByOther = collect(other, room);

    const first = await ack(socket, "send_message", { room_id: room, message: "uma vez só", client_id: "c-1" });
    const resend = await ack(socket, "send_message", { room_id: room, message: "uma vez só", client_id: "c-1" });
    check(first.ok && resend.ok && resend.message.id === first.message.id, `resend: ${JSON.stringify(resend)} vs ${JSON.stringify(first)}`);

    // A send whose transport is cut at once: the client retries after reconnecting (retries/ackTimeout).
    const retried = socket.emitWithAck("send_message", { room_id: room, message: "com corte", client_id: "c-2" });
    socket.io.engine.close();
    const answer = await retried;
    check(answer.ok && answer.message.client_id === "c-2", `retried send: ${JSON.stringify(answer)}`);

    const history = await (await fetch(`${baseUrl}/api/chat/history/${room}`)).json();
    const byClient = (id) => history.messages.filter((m) => m.client_id === id).length;
    check(byClient("c-1") === 1 && byClient("c-2") === 1, `stored: ${JSON.stringify(history.messages.map((m) => m.client_id))}`);
    await waitUntil(() => seenByOther.length >= 2, "the other client saw both messages");
    await new Promise((r) => setTimeout(r, 300));
    check(seenByOther.length === 2, `broadcast ${seenByOther.length} times, expected 2`);
  },

  // Sends without waiting for acks: each connection's messages are stored and broadcast in the order sent,
  // and a resend racing its original (same client_id, still being stored) is stored once.
  async "pipelined-sends"() {
    const room = uniqueRoom();
    const a = (await connect()).socket;
    const b = (await connect()).socket;
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    const seen = collect(b, room);
    const sends = [];
    for (let i = 0; i < 8; i++) sends.push(ack(a, "send_message", { room_id: room, message: `p${i}` }));
    sends.push(ack(a, "send_message", { room_id: room, message: "dup", client_id: "dup-1" }));
    sends.push(ack(a, "send_message", { room_id: room, message: "dup", client_id: "dup-1" }));
    const answers = await Promise.all(sends);
    check(answers.every((x) => x.ok === true), `acks: ${JSON.stringify(answers)}`);
    const ids = answers.slice(0, 9).map((x) => x.message.id);
    check(ids.every((id, i) => i === 0 || id > ids[i - 1]), `ids follow the send order: ${ids}`);
    check(answers[9].message.id === answers[8].message.id, `the racing resend got the original: ${JSON.stringify(answers.slice(8))}`);

    const expected = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "dup"];
    await waitUntil(() => seen.length >= expected.length, "the other client saw every message");
    await new Promise((r) => setTimeout(r, 300));
    check(JSON.stringify(seen.map((m) => m.message)) === JSON.stringify(expected), `broadcast order: ${JSON.stringify(seen.map((m) => m.message))}`);
    const history = await (await fetch(`${baseUrl}/api/chat/history/${room}`)).json();
    check(JSON.stringify(history.messages.map((m) => m.message)) === JSON.stringify(expected), `stored order: ${JSON.stringify(history.messages.map((m) => m.message))}`);
  },

  async "recovery-restart"() {
    // Driven by ChatEndToEndTests: prints RESTART when the server must restart, then carries on.
    const room = uniqueRoom();
    const a = (await connect({ ...reconnecting, reconnectionDelay: 3000, reconnectionDelayMax: 3000 })).socket;
    const b = (await connect({ ...reconnecting, reconnectionDelay: 500, reconnectionDelayMax: 500 })).socket;
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    const seen = collect(a, room);
    const idBefore = a.id;
    const back = next(a, "connect", () => true, 20000);
    a.io.engine.close();
    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push((await ack(b, "send_message", { room_id: room, message: `durante ${i}` })).message.id);
    const bBack = next(b, "connect", () => true, 20000);
    console.log("RESTART");
    await back;
    await bBack;
    check(a.recovered === true && a.id === idBefore, `after the restart: recovered=${a.recovered} id ${idBefore} → ${a.id}`);
    const live = await ack(b, "send_message", { room_id: room, message: "depois do reinício" });
    check(live.ok, `send after restart: ${JSON.stringify(live)}`);
    await waitUntil(() => seen.some((m) => m.id === live.message.id), "A saw the message sent after the restart");
    const ids = seen.map((m) => m.id);
    const expected = [...sent, live.message.id];
    check(JSON.stringify(ids) === JSON.stringify(expected), `A saw ${JSON.stringify(ids)}, expected ${JSON.stringify(expected)}`);
  },
});

const timer = setTimeout(() => fail("scenario took too long"), 30000);
const run = scenarios[scenario];
if (!run) fail(`unknown scenario ${scenario}; known: ${Object.keys(scenarios).join(", ")}`);
try {
  await run();
} catch (error) {
  fail(String(error?.stack ?? error));
}
clearTimeout(timer);
console.log(JSON.stringify({ ok: true, scenario, mode }));
for (const s of sockets) s.disconnect();
process.exit(0);

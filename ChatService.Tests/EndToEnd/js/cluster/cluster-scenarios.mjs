// Several ChatService nodes as one chat (Redis adapter + PostgreSQL), with the official socket.io-client, run by
// ClusterTests:
//   node cluster-scenarios.mjs <scenario> <controlDir> <nodeUrl1> <nodeUrl2> [<nodeUrl3>]
// Clients are spread across the nodes (websocket, polling, and polling upgraded to websocket). When the scenario needs
// the test to act (kill a node, restart Redis) it prints "@@control <action>" and waits for <controlDir>/<action>.done.
// Prints one JSON line and exits 0 on success; exits 1 with the reason otherwise. Every wait is bounded.
import { io } from "socket.io-client";
import { existsSync } from "node:fs";
import { join as joinPath } from "node:path";

const [scenario, controlDir, ...nodes] = process.argv.slice(2);
const WAIT_MS = 10000;
const sockets = [];
// Through a proxy (first URL), the first client long-polls: that is what needs sticky sessions.
const modes = scenario.endsWith("-via-proxy") ? ["polling", "upgrade", "websocket"] : ["websocket", "polling", "upgrade"];

function fail(message) {
  console.log(JSON.stringify({ ok: false, scenario, message }));
  for (const s of sockets) s.disconnect();
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The next `event` on `socket` matching `predicate`, or a failure after `ms`. */
function next(socket, event, predicate = () => true, ms = WAIT_MS) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`${socket.label}: timed out waiting for ${event}`), ms);
    const listener = (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Resolves true if a matching `event` arrives within `ms`, false otherwise. */
function arrives(socket, event, predicate = () => true, ms = 800) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { socket.off(event, listener); resolve(false); }, ms);
    const listener = (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(true);
    };
    socket.on(event, listener);
  });
}

/** Every `event` the socket receives, in order (for checks after the fact). */
function record(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}

async function connect(node, label, mode, extra = {}) {
  const transport = mode === "polling" ? { transports: ["polling"] } : mode === "websocket" ? { transports: ["websocket"] } : {};
  const socket = io(nodes[node], { ...transport, reconnection: false, forceNew: true, ...extra });
  socket.label = label;
  sockets.push(socket);
  const connected = next(socket, "connected");
  await next(socket, "connect");
  await connected;
  return socket;
}

function ack(socket, event, payload) {
  return socket.timeout(WAIT_MS).emitWithAck(event, payload).catch(() => fail(`${socket.label}: no ack for ${event}`));
}

async function join(socket, room_id, username) {
  const joined = next(socket, "room_joined", (p) => p.room_id === room_id);
  const answer = await ack(socket, "join_room", { room_id, username });
  check(answer.ok === true, `${socket.label}: join_room refused: ${JSON.stringify(answer)}`);
  return joined;
}

async function send(socket, room_id, message) {
  const answer = await ack(socket, "send_message", { room_id, message });
  check(answer.ok === true, `${socket.label}: send_message refused: ${JSON.stringify(answer)}`);
  return answer.message;
}

async function getJson(node, path) {
  const response = await fetch(nodes[node] + path, { signal: AbortSignal.timeout(5000) });
  check(response.ok, `GET ${path} on node ${node + 1}: HTTP ${response.status}`);
  return response.json();
}

async function roomCount(node, room) {
  const { rooms } = await getJson(node, "/api/chat/rooms");
  return rooms.find((r) => r.id === room)?.users_count ?? 0;
}

/** Polls until `probe()` returns true (presence converges through Redis), or fails after `ms`. */
async function eventually(what, probe, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last === true) return;
    await sleep(100);
  }
  fail(`never true: ${what} (last: ${JSON.stringify(last)})`);
}

/** Every node reports `count` users in `room`. */
function countsAgree(room, count, onNodes = nodes.map((_, i) => i), ms = WAIT_MS) {
  return eventually(`${count} users in ${room} on nodes ${onNodes.map((n) => n + 1)}`, async () => {
    const counts = await Promise.all(onNodes.map((n) => roomCount(n, room)));
    return counts.every((c) => c === count) || counts;
  }, ms);
}

/** Asks the test to act, then waits for it to say done. */
async function control(action, ms = 60000) {
  console.log(`@@control ${action}`);
  const done = joinPath(controlDir, `${action}.done`);
  const deadline = Date.now() + ms;
  while (!existsSync(done)) {
    if (Date.now() > deadline) fail(`the test did not ${action}`);
    await sleep(50);
  }
}

const uniqueRoom = () => "cluster-" + Math.random().toString(36).slice(2, 10);

const scenarios = {
  /** Messages, typing, joins and leaves, counts, history and analytics agree across three nodes. */
  async conversation() {
    const room = uniqueRoom();
    const [a, b, c] = await Promise.all(["Ana", "Bruno", "Carla"].map((name, i) => connect(i, `${name}@node${i + 1}`, modes[i])));
    const messagesAt = new Map([a, b, c].map((s) => [s, record(s, "new_message")]));

    const aJoined = await join(a, room, "Ana");
    check(aJoined.users_count === 1, `first users_count: ${aJoined.users_count}`);
    await countsAgree(room, 1);

    const aSeesB = next(a, "user_joined", (p) => p.user_id === b.id);
    const bJoined = await join(b, room, "Bruno");
    check(bJoined.users_count === 2, `users_count on node 2 after two joins: ${bJoined.users_count}`);
    const bJoin = await aSeesB;
    check(bJoin.username === "Bruno" && bJoin.room === room, `user_joined across nodes: ${JSON.stringify(bJoin)}`);
    await countsAgree(room, 2);

    const aSeesC = next(a, "user_joined", (p) => p.user_id === c.id);
    const bSeesC = next(b, "user_joined", (p) => p.user_id === c.id);
    const cJoined = await join(c, room, "Carla");
    check(cJoined.users_count === 3, `users_count on node 3 after three joins: ${cJoined.users_count}`);
    await Promise.all([aSeesC, bSeesC]);
    await countsAgree(room, 3);

    // Messages from every node reach every node, with one id each.
    const sent = [];
    for (const [socket, text] of [[a, "olá de node 1"], [b, "oi de node 2"], [c, "e aí de node 3"]]) {
      const all = [a, b, c].map((s) => next(s, "new_message", (m) => m.message === text));
      const stored = await send(socket, room, text);
      const seen = await Promise.all(all);
      for (const m of seen) {
        check(m.id === stored.id && m.user_id === socket.id && m.room_id === room && m.type === "user", `new_message across nodes: ${JSON.stringify(m)}`);
      }
      sent.push(stored);
    }
    check(sent[0].id < sent[1].id && sent[1].id < sent[2].id, `ids grow across nodes: ${sent.map((m) => m.id)}`);
    for (const [socket, seen] of messagesAt) {
      check(JSON.stringify(seen.map((m) => m.id)) === JSON.stringify(sent.map((m) => m.id)), `${socket.label} saw ${seen.map((m) => m.id)} (each once, in order)`);
    }

    // Typing reaches the others on other nodes, never the sender.
    const bTyping = next(b, "user_typing", (p) => p.user_id === a.id && p.is_typing === true);
    const cTyping = next(c, "user_typing", (p) => p.user_id === a.id && p.is_typing === true);
    const selfTyping = arrives(a, "user_typing");
    const typed = await ack(a, "typing", { room_id: room, is_typing: true });
    check(typed.ok === true, `typing ack: ${JSON.stringify(typed)}`);
    const [bt] = await Promise.all([bTyping, cTyping]);
    check(bt.username === "Ana", `user_typing fields: ${JSON.stringify(bt)}`);
    check(!(await selfTyping), "the sender got its own user_typing");

    // Every node serves the same history and the same analytics.
    const histories = await Promise.all(nodes.map((_, n) => getJson(n, `/api/chat/history/${room}`)));
    for (const h of histories) {
      check(JSON.stringify(h.messages.map((m) => m.id)) === JSON.stringify(sent.map((m) => m.id)), `history on a node: ${JSON.stringify(h.messages.map((m) => m.id))}`);
    }
    await eventually("analytics agree on every node", async () => {
      const all = await Promise.all(nodes.map((_, n) => getJson(n, "/api/chat/analytics")));
      const summary = all.map((x) => `${x.total_messages}/${x.messages_by_room[room]}/${x.active_users}`);
      return (all.every((x) => x.messages_by_room[room] === 3 && x.active_users === all[0].active_users && x.total_messages === all[0].total_messages)
        && all[0].active_users >= 3) || summary;
    });
    const healths = await Promise.all(nodes.map((_, n) => getJson(n, "/health")));
    check(healths.every((h) => h.status === "healthy" && h.active_users === healths[0].active_users), `health: ${JSON.stringify(healths)}`);

    // Leaving (disconnect on node 2) reaches the others; counts drop everywhere.
    const bId = b.id;
    const aSeesLeft = next(a, "user_left", (p) => p.user_id === bId);
    const cSeesLeft = next(c, "user_left", (p) => p.user_id === bId);
    b.disconnect();
    const [left] = await Promise.all([aSeesLeft, cSeesLeft]);
    check(left.username === "Bruno" && left.room === room, `user_left across nodes: ${JSON.stringify(left)}`);
    await countsAgree(room, 2);

    // Switching rooms on node 3: user_left to the old room on node 1, and counts in both rooms everywhere.
    const other = uniqueRoom();
    const cId = c.id;
    const aSeesSwitch = next(a, "user_left", (p) => p.user_id === cId);
    await join(c, other, "Carla");
    await aSeesSwitch;
    await countsAgree(room, 1);
    await countsAgree(other, 1);
  },

  /** A node killed mid-conversation: the others carry on, and its users leave presence within the node timeout. */
  async "node-killed"() {
    const room = uniqueRoom();
    const a = await connect(0, "Ana@node1", "websocket");
    const b = await connect(1, "Bruno@node2", "upgrade");
    const k = await connect(2, "Kátia@node3", "polling");
    await join(a, room, "Ana");
    await join(b, room, "Bruno");
    await join(k, room, "Kátia");
    await countsAgree(room, 3);

    const atK = next(k, "new_message", (m) => m.message === "antes");
    const atB = next(b, "new_message", (m) => m.message === "antes");
    await send(a, room, "antes");
    await Promise.all([atK, atB]);
    const healthBefore = await getJson(0, "/health");

    await control("kill-node");

    // The survivors carry on.
    const afterAtB = next(b, "new_message", (m) => m.message === "depois");
    await send(a, room, "depois");
    await afterAtB;
    const backAtA = next(a, "new_message", (m) => m.message === "ainda aqui");
    await send(b, room, "ainda aqui");
    await backAtA;

    // Kátia's connection died with node 3; nodes 1 and 2 forget her within NodeTimeout + HeartbeatInterval.
    await countsAgree(room, 2, [0, 1], 20000);
    const healthAfter = await getJson(0, "/health");
    check(healthAfter.active_users === healthBefore.active_users - 1, `active_users ${healthBefore.active_users} -> ${healthAfter.active_users}`);
    const analytics = await getJson(1, "/api/chat/analytics");
    check(analytics.messages_by_room[room] === 3, `analytics after the kill: ${JSON.stringify(analytics.messages_by_room)}`);
  },

  /** Redis restarted mid-conversation: local delivery goes on, cross-node delivery and presence come back. */
  async "redis-restart"() {
    const room = uniqueRoom();
    const a = await connect(0, "Ana@node1", "websocket");
    const a2 = await connect(0, "Alice@node1", "polling");
    const b = await connect(1, "Bruno@node2", "websocket");
    await join(a, room, "Ana");
    await join(a2, room, "Alice");
    await join(b, room, "Bruno");
    await countsAgree(room, 3);
    const before = next(b, "new_message", (m) => m.message === "antes");
    await send(a, room, "antes");
    await before;

    await control("stop-redis");
    // Redis is down: the node still serves its own clients (store, local broadcast).
    const local = next(a2, "new_message", (m) => m.message === "sem redis");
    await send(a, room, "sem redis");
    await local;

    await control("start-redis");
    // Cross-node delivery resumes by itself: probe until a message from node 1 reaches node 2, then the other way.
    let n = 0;
    await eventually("node 1 -> node 2 after the restart", async () => {
      const text = `probe ${++n}`;
      const arrived = arrives(b, "new_message", (m) => m.message === text, 700);
      await send(a, room, text);
      return await arrived;
    }, 30000);
    const back = next(a, "new_message", (m) => m.message === "de volta");
    await send(b, room, "de volta");
    await back;

    // Presence is rewritten after the restart: both nodes agree again.
    await countsAgree(room, 3, [0, 1], 20000);
    const typing = next(b, "user_typing", (p) => p.user_id === a.id);
    await ack(a, "typing", { room_id: room, is_typing: true });
    await typing;
  },
};

scenarios["conversation-via-proxy"] = scenarios.conversation;

const run = scenarios[scenario];
if (!run) fail(`unknown scenario ${scenario}`);
const watchdog = setTimeout(() => fail("scenario took too long"), 150000);
try {
  await run();
} catch (e) {
  fail(e?.stack ?? String(e));
}
clearTimeout(watchdog);
for (const s of sockets) s.disconnect();
console.log(JSON.stringify({ ok: true, scenario }));
process.exit(0);

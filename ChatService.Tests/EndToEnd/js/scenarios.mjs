// End-to-end scenarios with the official socket.io-client 4.8.1 against a server running the conformance-mode
// handlers (our C# server with Mode=Conformance, or reference-server.mjs).
//
//   node scenarios.mjs <baseUrl> <mode> <scenario>     e.g. node scenarios.mjs http://127.0.0.1:5000 upgrade rooms
//   node scenarios.mjs --list                          prints the scenario names as a JSON array
//
// mode: polling   -> transports: ["polling"] (the whole session on HTTP long-polling)
//       websocket -> transports: ["websocket"]
//       upgrade   -> default options: polling first, then the upgrade; every client asserts that the upgrade
//                    really happened (engine.transport.name === "websocket" after the "upgrade" event)
//
// A scenario assumes it is alone on the server: broadcasts reach every socket of "/" (the NUnit tests start a
// host per scenario; run-all.mjs runs one scenario at a time). Room names carry a per-run suffix anyway.
//
// Prints exactly one JSON line {"scenario","mode","ok",...} and exits 0 on success; on failure prints
// {"ok":false,"error":...} and exits 1. Every wait has a timeout and a global watchdog always ends the process.
import { io, Manager } from "socket.io-client";
import { isDeepStrictEqual, inspect } from "node:util";

const WAIT_MS = 10000; // any single expected event (generous: CI machines are shared)
const WATCHDOG_MS = 40000; // the whole scenario
const PT = "Olá, ação, coração 🎉";
const RUN = Math.random().toString(36).slice(2, 8);
/** A room name unique to this run. */
const room = (name) => `${name}-${RUN}`;

// ---------------------------------------------------------------------------------------------------------
// Small test toolkit
// ---------------------------------------------------------------------------------------------------------

class ScenarioError extends Error {}

function fail(message) {
  throw new ScenarioError(message);
}

function show(value) {
  return inspect(value, { depth: 6, breakLength: Infinity, maxStringLength: 200, maxArrayLength: 20 });
}

function assertEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function assert(condition, what) {
  if (!condition) fail(what);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new ScenarioError(`timeout after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the arguments of the next `event` on `emitter` (register BEFORE causing the event). */
function once(emitter, event, what, ms = WAIT_MS) {
  return withTimeout(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), ms, what ?? `"${event}"`);
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records every occurrence of an event from the moment the socket is created (events that arrive in the
 * same payload as the CONNECT answer are dispatched before any await resumes, so listen early).
 */
class Inbox {
  constructor(socket, event, label) {
    this.event = event;
    this.label = label;
    this.items = [];
    this.consumed = 0;
    this.waiters = [];
    socket.on(event, (...args) => {
      this.items.push(args);
      this.#flush();
    });
  }

  #flush() {
    while (this.waiters.length > 0 && this.consumed < this.items.length) {
      this.waiters.shift()(this.items[this.consumed++]);
    }
  }

  /** The arguments of the next unconsumed occurrence. */
  next(ms = WAIT_MS) {
    const p = new Promise((resolve) => {
      this.waiters.push(resolve);
      this.#flush();
    });
    return withTimeout(p, ms, `"${this.event}" on ${this.label}`);
  }

  get count() {
    return this.items.length;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------------------

const [, , baseUrl, mode, scenarioName] = process.argv;

const MODE_OPTIONS = {
  polling: { transports: ["polling"] },
  websocket: { transports: ["websocket"] },
  upgrade: {},
};

const managers = new Set();
const details = {};

/**
 * Watches a Manager: on every (re)open, checks the transport and, in upgrade mode, records a promise for the
 * upgrade of that Engine.IO session. Register right after creating the manager (open is asynchronous).
 */
function watch(manager, label) {
  managers.add(manager);
  manager.label = label;
  manager.opens = [];
  manager.on("open", () => {
    const engine = manager.engine;
    if (TRACE) traceEngine(engine, label);
    const entry = { sid: engine.id, initial: engine.transport.name };
    if (mode === "upgrade") {
      entry.upgraded = withTimeout(
        new Promise((resolve) => {
          engine.once("upgrade", (transport) => {
            resolve({ event: transport.name, current: engine.transport.name });
          });
        }),
        WAIT_MS,
        `the upgrade to websocket of ${label}`,
      );
      entry.upgraded.catch(() => {}); // awaited later; avoid an unhandled rejection in between
    }
    manager.opens.push(entry);
  });
  return manager;
}

const TRACE = Boolean(process.env.E2E_TRACE);
const t0 = Date.now();

/** E2E_TRACE=1: every Engine.IO packet of `engine` on stderr, with milliseconds since start. */
function traceEngine(engine, label) {
  const fmt = (p) => (typeof p.data === "string" || p.data === undefined ? `${p.type} ${p.data ?? ""}` : `${p.type} <binary ${p.data.length ?? p.data.byteLength}>`);
  const line = (dir, text) => process.stderr.write(`${String(Date.now() - t0).padStart(5)} ${label} ${engine.id} ${dir} ${text.slice(0, 160)}\n`);
  engine.on("packet", (p) => line("<-", fmt(p)));
  engine.on("packetCreate", (p) => line("->", fmt(p)));
  engine.on("upgrading", (t) => line("..", `upgrading to ${t.name}`));
  engine.on("upgrade", (t) => line("..", `upgraded to ${t.name}`));
  engine.on("upgradeError", (e) => line("!!", `upgradeError ${e.message}`));
  engine.on("error", (e) => line("!!", `error ${e?.message ?? e} ${e?.description?.message ?? e?.description ?? ""}`));
  engine.on("close", (reason, description) => line("..", `close ${reason} ${description?.message ?? description?.description ?? description ?? ""}`));
}

/** A socket on its own connection (forceNew), with inboxes for the events the handlers emit. */
function client(label, nsp = "/", options = {}) {
  const socket = io(baseUrl + nsp, {
    ...MODE_OPTIONS[mode],
    forceNew: true,
    reconnection: false,
    timeout: WAIT_MS,
    ...options,
  });
  watch(socket.io, label);
  return decorate(socket, label);
}

/** A socket for `nsp` on an existing Manager (multiplexing). */
function socketOn(manager, label, nsp, options = {}) {
  return decorate(manager.socket(nsp, options), label);
}

function newManager(label, options = {}) {
  const manager = new Manager(baseUrl, {
    ...MODE_OPTIONS[mode],
    reconnection: false,
    timeout: WAIT_MS,
    ...options,
  });
  return watch(manager, label);
}

function decorate(socket, label) {
  socket.label = label;
  socket.inbox = {};
  for (const event of ["auth", "message-back", "ask-result", "room-message", "broadcast"]) {
    socket.inbox[event] = new Inbox(socket, event, label);
  }
  return socket;
}

/** Waits for "connect" (a connect_error fails with its message). */
async function connected(socket) {
  if (!socket.connected) {
    const result = await withTimeout(
      new Promise((resolve) => {
        socket.once("connect", () => resolve({ ok: true }));
        socket.once("connect_error", (err) => resolve({ ok: false, err }));
      }),
      WAIT_MS,
      `"connect" of ${socket.label}`,
    );
    if (!result.ok) {
      const { message, data, type, description } = result.err ?? {};
      fail(`${socket.label}: connect_error ${show(message)} data=${show(data)} type=${show(type)} description=${show(description?.message ?? description)}`);
    }
  }
  assert(typeof socket.id === "string" && socket.id.length > 0, `${socket.label}: socket.id is set`);
  return socket;
}

/** Asserts the transport of the current Engine.IO session; in upgrade mode waits for the upgrade first. */
async function transportChecked(manager) {
  const entry = manager.opens.at(-1);
  assert(entry, `${manager.label}: the Engine.IO session opened`);
  if (mode === "upgrade") {
    assertEqual(entry.initial, "polling", `${manager.label}: first transport`);
    const upgraded = await entry.upgraded;
    assertEqual(upgraded.event, "websocket", `${manager.label}: transport named by the "upgrade" event`);
    assertEqual(upgraded.current, "websocket", `${manager.label}: engine.transport.name after "upgrade"`);
    assertEqual(manager.engine.transport.name, "websocket", `${manager.label}: transport after the upgrade`);
  } else {
    assertEqual(manager.engine.transport.name, mode, `${manager.label}: transport`);
  }
}

/** connect + transport check: the socket is ready for the scenario. */
async function ready(socket) {
  await connected(socket);
  await transportChecked(socket.io);
  return socket;
}

/** Ack round trip with the message-with-ack echo: returns the ack arguments. */
function echoAck(socket, ...args) {
  return withTimeout(
    new Promise((resolve) => socket.emit("message-with-ack", ...args, (...ackArgs) => resolve(ackArgs))),
    WAIT_MS,
    `the ack of "message-with-ack" on ${socket.label}`,
  );
}

/** Emits an event whose handler acks, and returns the ack arguments. */
function request(socket, event, ...args) {
  return withTimeout(
    new Promise((resolve) => socket.emit(event, ...args, (...ackArgs) => resolve(ackArgs))),
    WAIT_MS,
    `the ack of "${event}" on ${socket.label}`,
  );
}

/**
 * Proves that nothing more is on its way to `socket`: anything the server sent before this call is received
 * before the answer to this round trip (one ordered connection per client).
 */
async function barrier(socket) {
  const marker = `barrier-${Math.random()}`;
  assertEqual(await echoAck(socket, marker), [marker], `${socket.label}: barrier round trip`);
}

function closeAll() {
  for (const manager of managers) {
    try {
      manager.reconnection(false);
      for (const nsp of Object.keys(manager.nsps)) manager.nsps[nsp].disconnect();
      manager.engine?.close();
    } catch {
      // best effort: the process exits anyway
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------

const scenarios = {
  /** CONNECT without and with an auth payload; the server echoes it in "auth". */
  async "connect-auth"() {
    const plain = client("plain");
    await ready(plain);
    assertEqual(await plain.inbox.auth.next(), [{}], "auth echo without payload");
    assert(plain.id !== plain.io.engine.id, "the Socket.IO id differs from the Engine.IO sid");

    const auth = { token: "123", user: PT, nested: { n: 1.5, list: [true, null, "x"] } };
    const withAuth = client("with-auth", "/", { auth });
    await ready(withAuth);
    assertEqual(await withAuth.inbox.auth.next(), [auth], "auth echo with payload");
    assert(withAuth.id !== plain.id, "two clients get different ids");
    details.ids = [plain.id, withAuth.id];
  },

  /** message -> message-back with UTF-8 text, several argument types, order kept, a large text. */
  async "emit-receive"() {
    const c = client("c");
    // emitted before the connection exists: the client buffers it and sends it right after CONNECT
    c.emit("message", "antes de conectar");
    await connected(c);
    assertEqual(await c.inbox["message-back"].next(), ["antes de conectar"], "echo of the message emitted before connect");
    // right after connect (in upgrade mode: probably still on polling, during the upgrade)
    c.emit("message", PT);
    assertEqual(await c.inbox["message-back"].next(), [PT], "echo of the Portuguese text");
    await transportChecked(c.io);

    const args = [PT, 42, -0.5, true, null, { texto: PT, lista: [1, "dois", { três: 3 }] }, ["a", "é"], ""];
    c.emit("message", ...args);
    assertEqual(await c.inbox["message-back"].next(), args, "echo of mixed arguments");

    c.emit("message");
    assertEqual(await c.inbox["message-back"].next(), [], "echo of no arguments");

    const numbers = [0, -0.000001, 1e21, 2 ** 53, -(2 ** 53), 0.1, 123456789.123, Number.MAX_VALUE, 5e-324];
    c.emit("message", numbers, { "chave com espaço": 1, "": 2, "🎉": [] });
    assertEqual(await c.inbox["message-back"].next(), [numbers, { "chave com espaço": 1, "": 2, "🎉": [] }], "echo of numbers and odd keys");

    const quoting = 'aspas " barra \\ nova\nlinha \t tab < > & \' ` \u2028 \u0000 fim';
    c.emit("message", quoting);
    assertEqual(await c.inbox["message-back"].next(), [quoting], "echo of characters that JSON escapes");

    const burst = 100;
    for (let i = 0; i < burst; i++) c.emit("message", i, `${PT} #${i}`);
    for (let i = 0; i < burst; i++) {
      assertEqual(await c.inbox["message-back"].next(), [i, `${PT} #${i}`], `burst message ${i} in order`);
    }

    const large = `${PT} `.repeat(8000); // ~200 KB of UTF-8
    c.emit("message", large);
    const [back] = await c.inbox["message-back"].next();
    assert(back === large, `large text echoed intact (sent ${large.length} chars, got ${back?.length})`);
    details.largeChars = large.length;
  },

  /** client -> server acks: callback with several args, emitWithAck, concurrent acks matched by id. */
  async "ack-client"() {
    const c = await ready(client("c"));
    const args = [PT, 7, { ok: true, lista: [null, 1.25] }];
    assertEqual(await echoAck(c, ...args), args, "ack arguments");
    assertEqual(await echoAck(c), [], "ack with no arguments");

    assertEqual(await withTimeout(c.timeout(WAIT_MS).emitWithAck("message-with-ack", PT), WAIT_MS, "emitWithAck"), PT, "emitWithAck result");

    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => echoAck(c, i, `ack ${i}`)));
    many.forEach((ack, i) => assertEqual(ack, [i, `ack ${i}`], `concurrent ack ${i}`));
  },

  /** server -> client ack: the client acks "ask", the server reports the ack value in "ask-result". */
  async "ack-server"() {
    const c = client("c");
    c.on("ask", (x, ack) => {
      assert(typeof ack === "function", "the server's event carries an ack id");
      ack({ got: x, resposta: PT });
    });
    await ready(c);
    c.emit("server-ack", PT);
    assertEqual(await c.inbox["ask-result"].next(), [{ got: PT, resposta: PT }], "ask-result");
    c.emit("server-ack", 2);
    assertEqual(await c.inbox["ask-result"].next(), [{ got: 2, resposta: PT }], "second ask-result");
  },

  /** server -> client ack that never comes: the server's 2 s timeout fires and it reports "timeout". */
  async "ack-server-timeout"() {
    const c = client("c");
    const asked = new Inbox(c, "ask", "c");
    await ready(c);
    c.emit("server-ack", "no answer");
    const [x, ack] = await asked.next();
    assertEqual(x, "no answer", "ask argument");
    assert(typeof ack === "function", "the server's event carries an ack id");
    assertEqual(await c.inbox["ask-result"].next(WAIT_MS + 2000), ["timeout"], "ask-result after the server timeout");
    ack("too late"); // a late ack must be ignored by the server
    await barrier(c);
    assertEqual(c.inbox["ask-result"].count, 1, "no ask-result for the late ack");
  },

  /** Binary through a server -> client ack: "ask" carries a Buffer, the client acks with a Buffer. */
  async "ack-server-binary"() {
    const c = client("c");
    const answer = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);
    c.on("ask", (x, ack) => ack(answer));
    const asked = new Inbox(c, "ask", "c");
    await ready(c);
    const question = Buffer.from(PT, "utf8");
    c.emit("server-ack", question);
    const [x] = await asked.next();
    assert(Buffer.isBuffer(x), `"ask" argument is a Buffer (got ${show(x)})`);
    assertEqual(x, question, '"ask" argument bytes');
    const [result] = await c.inbox["ask-result"].next();
    assert(Buffer.isBuffer(result), `"ask-result" is a Buffer (got ${show(result)})`);
    assertEqual(result, answer, '"ask-result" bytes');
  },

  /** Idle for several heartbeats: the client answers pings and stays on the same session. */
  async "idle-heartbeat"() {
    const c = await ready(client("c"));
    const sid = c.io.engine.id;
    let pings = 0;
    c.io.engine.on("ping", () => pings++);
    let disconnectReason;
    c.on("disconnect", (reason) => (disconnectReason = reason));
    await delay(2500); // the hosts use pingInterval 300 ms: several heartbeats happen meanwhile
    assertEqual(disconnectReason, undefined, "no disconnect while idle");
    assert(c.connected, "still connected after idling");
    assertEqual(c.io.engine.id, sid, "same Engine.IO session");
    assert(pings > 0, "the server pinged while the client was idle");
    c.emit("message", "acordado");
    assertEqual(await c.inbox["message-back"].next(), ["acordado"], "message after idling");
    details.pings = pings;
  },

  /** A steady stream of text and binary from the first moment (in upgrade mode: across the upgrade). */
  async stream() {
    const c = client("c");
    const total = 150;
    const sent = [];
    await connected(c);
    for (let i = 0; i < total; i++) {
      const item = i % 5 === 0 ? [i, Buffer.from([i % 256, 1, 2])] : [i, `${PT} ${i}`];
      sent.push(item);
      c.emit("message", ...item);
      if (i % 10 === 0) await delay(5); // spread over the upgrade window
    }
    for (let i = 0; i < total; i++) {
      assertEqual(await c.inbox["message-back"].next(), sent[i], `stream item ${i} in order`);
    }
    await transportChecked(c.io);
    c.emit("message", "fim");
    assertEqual(await c.inbox["message-back"].next(), ["fim"], "message after the stream");
  },

  /** Many clients at once: each broadcasts once, everyone gets every other broadcast exactly once. */
  async "many-clients"() {
    const n = 12;
    const sockets = await Promise.all(Array.from({ length: n }, (_, i) => ready(client(`c${i}`))));
    await Promise.all(sockets.map((s, i) => request(s, "broadcast", { from: i, texto: PT })));
    await Promise.all(sockets.map(barrier));
    for (const [i, s] of sockets.entries()) {
      const from = s.inbox.broadcast.items.map(([p]) => p.from).sort((x, y) => x - y);
      const expected = [...Array(n).keys()].filter((k) => k !== i);
      assertEqual(from, expected, `${s.label}: one broadcast from every other client`);
    }
    const ids = new Set(sockets.map((s) => s.id));
    assertEqual(ids.size, n, "distinct socket ids");
  },

  /** Binary arguments both ways: BINARY_EVENT echo and BINARY_ACK. */
  async binary() {
    const c = await ready(client("c"));
    const a = Buffer.from([1, 2, 3]);
    const b = Buffer.from(PT, "utf8");
    const zeros = Buffer.alloc(300, 0);
    const big = Buffer.alloc(100_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 256;
    const empty = Buffer.alloc(0);

    c.emit("message", a, "texto", { nested: b, list: [zeros, 1] });
    const back = await c.inbox["message-back"].next();
    assertEqual(back.length, 3, "argument count");
    assert(Buffer.isBuffer(back[0]), `first argument is a Buffer (got ${show(back[0])})`);
    assert(Buffer.isBuffer(back[2]?.nested) && Buffer.isBuffer(back[2]?.list?.[0]), "nested buffers are Buffers");
    assertEqual(back, [a, "texto", { nested: b, list: [zeros, 1] }], "binary echo");

    c.emit("message", big);
    const [bigBack] = await c.inbox["message-back"].next();
    assert(Buffer.isBuffer(bigBack) && bigBack.equals(big), `100 KB buffer echoed intact (got ${bigBack?.length} bytes)`);

    c.emit("message", empty, a);
    assertEqual(await c.inbox["message-back"].next(), [empty, a], "empty buffer echo");

    const ack = await echoAck(c, "bin", a, { b });
    assert(Buffer.isBuffer(ack[1]), "ack buffer is a Buffer");
    assertEqual(ack, ["bin", a, { b }], "binary ack");

    // text after binary: the connection is back to plain packets
    c.emit("message", PT);
    assertEqual(await c.inbox["message-back"].next(), [PT], "text after binary");
  },

  /** `/` and `/custom` multiplexed on one Engine.IO connection. */
  async "namespace-multiplex"() {
    const manager = newManager("m");
    const main = socketOn(manager, "m:/", "/");
    const custom = socketOn(manager, "m:/custom", "/custom", { auth: { token: "abc" } });
    await connected(main);
    await connected(custom);
    await transportChecked(manager);
    assert(main.io === custom.io, "one Manager");
    assertEqual(Object.keys(manager.nsps).sort(), ["/", "/custom"], "namespaces on the manager");
    assert(main.id !== custom.id, "different Socket.IO ids per namespace");
    assertEqual(await main.inbox.auth.next(), [{}], "auth on /");
    assertEqual(await custom.inbox.auth.next(), [{ token: "abc" }], "auth on /custom");
    const sid = manager.engine.id;

    main.emit("message", "to main");
    assertEqual(await main.inbox["message-back"].next(), ["to main"], "message on / while /custom is connected");

    // leaving /custom does not affect / on the same connection
    custom.disconnect();
    main.emit("message", "after leaving custom");
    assertEqual(await main.inbox["message-back"].next(), ["after leaving custom"], "message on / after leaving /custom");
    assertEqual(manager.engine.id, sid, "still the same Engine.IO session");

    // and joining again works
    custom.connect();
    await connected(custom);
    assertEqual(await custom.inbox.auth.next(), [{ token: "abc" }], "auth on /custom after reconnecting it");
    assertEqual(manager.engine.id, sid, "/custom joined again on the same Engine.IO session");
  },

  /** Dynamic namespaces ^/dyn-[a-z0-9]+$. */
  async "namespace-dynamic"() {
    const dyn = client("dyn-abc", "/dyn-abc", { auth: { who: PT } });
    await ready(dyn);
    assertEqual(await dyn.inbox.auth.next(), [{ who: PT }], "auth on /dyn-abc");

    const dyn2 = client("dyn-42x", "/dyn-42x");
    await ready(dyn2);
    assertEqual(await dyn2.inbox.auth.next(), [{}], "auth on /dyn-42x");
  },

  /** Unknown namespaces get CONNECT_ERROR "Invalid namespace"; the connection keeps serving others. */
  async "namespace-invalid"() {
    const manager = newManager("m");
    const main = socketOn(manager, "m:/", "/");
    await connected(main);
    for (const nsp of ["/nope", "/dyn-ABC"]) {
      const bad = socketOn(manager, `m:${nsp}`, nsp);
      const [err] = await once(bad, "connect_error", `connect_error on ${nsp}`);
      assertEqual(err.message, "Invalid namespace", `${nsp}: connect_error message`);
      assert(!bad.connected, `${nsp}: not connected`);
    }
    main.emit("message", "still here");
    assertEqual(await main.inbox["message-back"].next(), ["still here"], "/ still works on the same connection");
    await transportChecked(manager);

    const alone = client("alone", "/unknown-alone");
    const [err] = await once(alone, "connect_error", "connect_error on its own connection");
    assertEqual(err.message, "Invalid namespace", "connect_error message on its own connection");
  },

  /** Connection middleware on /admin: CONNECT_ERROR with message and data, or connect with the token. */
  async "admin-auth"() {
    for (const [label, auth] of [["no-auth", undefined], ["bad-token", { token: "wrong" }]]) {
      const c = client(label, "/admin", auth ? { auth } : {});
      const [err] = await once(c, "connect_error", `connect_error for ${label}`);
      assertEqual(err.message, "not authorized", `${label}: err.message`);
      assertEqual(err.data, { reason: "bad token" }, `${label}: err.data`);
      assert(!c.connected, `${label}: not connected`);
    }

    // refused on /admin, the same connection still serves /
    const manager = newManager("m");
    const main = socketOn(manager, "m:/", "/");
    const refused = socketOn(manager, "m:/admin", "/admin", { auth: { token: "nope" } });
    const refusal = once(refused, "connect_error", "connect_error on the multiplexed /admin"); // may come with main's CONNECT answer
    await connected(main);
    const [err] = await refusal;
    assertEqual(err.data, { reason: "bad token" }, "multiplexed refusal data");
    main.emit("message", "after refusal");
    assertEqual(await main.inbox["message-back"].next(), ["after refusal"], "/ works after the /admin refusal");

    const ok = client("good-token", "/admin", { auth: { token: "secret" } });
    await ready(ok);
    assertEqual(await ok.inbox.auth.next(), [{ token: "secret" }], "auth echo on /admin");
  },

  /** join / to-room / leave with three clients: only members get room messages, the sender if it is one. */
  async rooms() {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((l) => ready(client(l))));
    const r1 = room("r1");
    assertEqual(await request(a, "join", r1), ["joined", r1], "a joins r1");
    assertEqual(await request(b, "join", r1), ["joined", r1], "b joins r1");

    // c (not a member) sends to r1: a and b get it, c does not
    const p1 = { texto: PT, n: 1 };
    assertEqual(await request(c, "to-room", r1, p1), ["sent"], "to-room ack");
    assertEqual(await a.inbox["room-message"].next(), [p1], "a gets the room message");
    assertEqual(await b.inbox["room-message"].next(), [p1], "b gets the room message");
    await Promise.all([a, b, c].map(barrier));
    assertEqual(c.inbox["room-message"].count, 0, "c (not in r1) got no room message");

    // a member sends: it gets its own message too
    const p2 = { n: 2 };
    assertEqual(await request(b, "to-room", r1, p2), ["sent"], "to-room ack from a member");
    assertEqual(await a.inbox["room-message"].next(), [p2], "a gets p2");
    assertEqual(await b.inbox["room-message"].next(), [p2], "b (sender, member) gets p2");

    // a leaves r1
    assertEqual(await request(a, "leave", r1), ["left", r1], "a leaves r1");
    const p3 = { n: 3 };
    assertEqual(await request(a, "to-room", r1, p3), ["sent"], "to-room ack after leaving");
    assertEqual(await b.inbox["room-message"].next(), [p3], "b gets p3");
    await Promise.all([a, b, c].map(barrier));
    assertEqual(a.inbox["room-message"].count, 2, "a got nothing after leaving r1");
    assertEqual(b.inbox["room-message"].count, 3, "b got each room message exactly once");
    assertEqual(c.inbox["room-message"].count, 0, "c never got a room message");

    // a room nobody is in
    assertEqual(await request(c, "to-room", room("empty-room"), { n: 4 }), ["sent"], "to-room to an empty room");
    await Promise.all([a, b, c].map(barrier));
    assertEqual([a, b, c].map((s) => s.inbox["room-message"].count), [2, 3, 0], "nobody got the empty-room message");
  },

  /** to(several rooms).except(rooms): union of rooms minus excluded, each member once. */
  async "rooms-except"() {
    const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((l) => ready(client(l))));
    const [r1, r2, r3] = ["r1", "r2", "r3"].map(room);
    for (const [s, rooms] of [[a, [r1, r2]], [b, [r1]], [c, [r2, r3]]]) {
      for (const r of rooms) assertEqual(await request(s, "join", r), ["joined", r], `${s.label} joins ${r}`);
    }
    const p = { texto: PT };
    assertEqual(await request(d, "rooms-except", [r1, r2], [r3], p), ["sent"], "rooms-except ack");
    assertEqual(await a.inbox["room-message"].next(), [p], "a (r1+r2) gets it");
    assertEqual(await b.inbox["room-message"].next(), [p], "b (r1) gets it");
    await Promise.all([a, b, c, d].map(barrier));
    assertEqual([a, b, c, d].map((s) => s.inbox["room-message"].count), [1, 1, 0, 0], "room-message counts a,b,c,d (a once although in two rooms; c excluded by r3; d in no room)");

    // the sender is included when it is a member and not excluded
    assertEqual(await request(b, "rooms-except", [r1], [], { n: 2 }), ["sent"], "rooms-except ack from a member");
    assertEqual(await b.inbox["room-message"].next(), [{ n: 2 }], "b (sender, member) gets it");
    assertEqual(await a.inbox["room-message"].next(), [{ n: 2 }], "a gets it");
    await Promise.all([a, b, c, d].map(barrier));
    assertEqual([a, b, c, d].map((s) => s.inbox["room-message"].count), [2, 2, 0, 0], "room-message counts after the second send");
  },

  /** socket.broadcast.emit: everyone in / except the sender. */
  async broadcast() {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((l) => ready(client(l))));
    // a socket of another namespace on b's connection must not get / broadcasts
    const other = socketOn(b.io, "b:/custom", "/custom");
    const otherBroadcasts = new Inbox(other, "broadcast", "b:/custom");
    await connected(other);

    const p = { texto: PT, de: "a" };
    assertEqual(await request(a, "broadcast", p), ["sent"], "broadcast ack");
    assertEqual(await b.inbox.broadcast.next(), [p], "b gets the broadcast");
    assertEqual(await c.inbox.broadcast.next(), [p], "c gets the broadcast");
    await Promise.all([a, b, c].map(barrier));
    assertEqual([a, b, c].map((s) => s.inbox.broadcast.count), [0, 1, 1], "broadcast counts a,b,c (sender excluded)");
    assertEqual(otherBroadcasts.count, 0, "/custom got no broadcast of /");
  },

  /** disconnect-me: DISCONNECT from the server, reason "io server disconnect", no automatic reconnection. */
  async "server-disconnect"() {
    const c = await ready(client("c", "/", { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 }));
    const firstId = c.id;
    const disconnected = once(c, "disconnect", '"disconnect"');
    let reconnects = 0;
    c.io.on("reconnect_attempt", () => reconnects++);
    c.on("connect", () => reconnects++);
    c.emit("disconnect-me");
    const [reason] = await disconnected;
    assertEqual(reason, "io server disconnect", "disconnect reason");
    assert(!c.connected, "socket.connected is false");
    await delay(1000); // several reconnection delays: nothing may happen by itself
    assertEqual(reconnects, 0, "no automatic reconnection after io server disconnect");

    // a manual connect() works and gives a new id
    c.connect();
    await connected(c);
    assert(c.id !== firstId, "new id after a manual reconnect");
    c.emit("message", "back");
    assertEqual(await c.inbox["message-back"].next(), ["back"], "message after the manual reconnect");
    details.reason = reason;
  },

  /** close-me: the server closes the connection; the client reconnects by itself with a new id. */
  async reconnect() {
    const c = await ready(client("c", "/", { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 }));
    const firstId = c.id;
    const firstSid = c.io.engine.id;
    assertEqual(await c.inbox.auth.next(), [{}], "first auth");

    const disconnected = once(c, "disconnect", '"disconnect"');
    const reconnected = once(c.io, "reconnect", 'the manager\'s "reconnect"', 2 * WAIT_MS);
    c.emit("close-me");
    const [reason] = await disconnected;
    assert(["transport close", "transport error"].includes(reason), `transport-level disconnect reason (got ${show(reason)})`);
    await reconnected;
    await connected(c);
    await transportChecked(c.io);
    assert(c.id !== firstId, `new socket id after reconnecting (${firstId} -> ${c.id})`);
    assert(c.io.engine.id !== firstSid, "new Engine.IO session after reconnecting");
    assertEqual(await c.inbox.auth.next(), [{}], "auth again on the new connection");

    c.emit("message", PT);
    assertEqual(await c.inbox["message-back"].next(), [PT], "message after reconnecting");
    assertEqual(await echoAck(c, "ack after reconnect"), ["ack after reconnect"], "ack after reconnecting");
    details.reason = reason;
  },

  /**
   * close-me, precisely: the server closes the Engine.IO session cleanly (close packet "1" to the pending or
   * next poll, or a WebSocket close), so the client reports "transport close", as with the Node server; an
   * HTTP 400 to a poll in flight would surface as "transport error".
   */
  async "close-reason"() {
    const c = await ready(client("c"));
    const disconnected = once(c, "disconnect", '"disconnect"');
    c.emit("close-me");
    const [reason, description] = await disconnected;
    details.description = description?.description ?? description?.message ?? null;
    assertEqual(reason, "transport close", "disconnect reason after the server closed the connection");
  },

  /** socket.disconnect() on the client: the server stops delivering to it. */
  async "client-disconnect"() {
    // 1) b leaves / but keeps the connection (through /custom): nothing of / may reach b's connection
    const a = await ready(client("a"));
    const manager = newManager("m");
    const b = socketOn(manager, "m:/", "/");
    const bCustom = socketOn(manager, "m:/custom", "/custom");
    await connected(b);
    await connected(bCustom);
    await transportChecked(manager);

    const wire = [];
    manager.engine.on("packet", (packet) => {
      if (packet.type === "message") wire.push(typeof packet.data === "string" ? packet.data : `<binary ${packet.data.length}>`);
    });

    const p1 = { marker: "p1-after-disconnect" };
    assertEqual(await request(a, "broadcast", { marker: "p0-before" }), ["sent"], "first broadcast ack");
    assertEqual(await b.inbox.broadcast.next(), [{ marker: "p0-before" }], "b gets broadcasts while connected");

    b.disconnect();
    assert(!b.connected, "b is disconnected");
    await delay(50); // let the DISCONNECT packet leave b
    await barrier(a);
    assertEqual(await request(a, "broadcast", p1), ["sent"], "broadcast ack after b left");

    // round trip on b's connection after p1 was sent: b joins / again (CONNECT -> CONNECT answer + auth)
    b.connect();
    await connected(b);
    assertEqual(await b.inbox.auth.next(), [{}], "auth after b connects again");
    const leaked = wire.filter((data) => data.includes("p1-after-disconnect"));
    assertEqual(leaked, [], "packets with p1 on b's connection after b left /");
    assert(wire.some((data) => data.includes("p0-before")), "the wire listener saw p0 (so it would have seen p1)");
    assertEqual(b.inbox.broadcast.count, 1, "b got only the broadcast sent while it was connected");

    // b is a member again
    assertEqual(await request(a, "broadcast", { marker: "p2" }), ["sent"], "broadcast ack after b came back");
    assertEqual(await b.inbox.broadcast.next(), [{ marker: "p2" }], "b gets broadcasts again");

    // 2) c disconnects its only namespace (the connection closes): broadcasts go on for the others
    const c = await ready(client("c"));
    c.disconnect();
    await delay(50);
    assertEqual(await request(a, "broadcast", { marker: "p3" }), ["sent"], "broadcast ack after c left");
    assertEqual(await b.inbox.broadcast.next(), [{ marker: "p3" }], "b gets broadcasts after c left");
    assertEqual(c.inbox.broadcast.count, 0, "c got nothing after disconnecting");
  },
};

/**
 * Scenarios that need the caller to act on the server; not in --list, not run by run-all.mjs.
 * They print {"ready":true} on stdout when the caller should act.
 */
const controlledScenarios = {
  /** The caller stops the server after "ready": the client sees "transport close" and starts reconnecting. */
  async "server-shutdown"() {
    const c = await ready(client("c", "/", { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 }));
    const disconnected = once(c, "disconnect", '"disconnect" after the server stopped', 15000);
    const attempt = once(c.io, "reconnect_attempt", "a reconnection attempt", 15000);
    process.stdout.write(JSON.stringify({ ready: true }) + "\n");
    const [reason, description] = await disconnected;
    details.reason = reason;
    details.description = description?.description?.message ?? description?.description ?? description?.message ?? null;
    assertEqual(reason, "transport close", "disconnect reason when the server shuts down");
    await attempt;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

function report(result, code) {
  process.stdout.write(JSON.stringify(result) + "\n");
  closeAll();
  process.exit(code);
}

if (process.argv[2] === "--list") {
  process.stdout.write(JSON.stringify(Object.keys(scenarios)) + "\n");
  process.exit(0);
}

const allScenarios = { ...scenarios, ...controlledScenarios };
if (!baseUrl || !(mode in MODE_OPTIONS) || !(scenarioName in allScenarios)) {
  process.stderr.write(
    `usage: node scenarios.mjs <baseUrl> <${Object.keys(MODE_OPTIONS).join("|")}> <${Object.keys(allScenarios).join("|")}>\n`,
  );
  process.exit(2);
}

const started = Date.now();
setTimeout(() => {
  report({ scenario: scenarioName, mode, ok: false, error: `watchdog: scenario still running after ${WATCHDOG_MS} ms` }, 1);
}, WATCHDOG_MS);

process.on("unhandledRejection", (err) => {
  report({ scenario: scenarioName, mode, ok: false, error: `unhandled rejection: ${err?.message ?? err}` }, 1);
});
process.on("uncaughtException", (err) => {
  // e.g. an assertion inside an event handler
  report({ scenario: scenarioName, mode, ok: false, error: err instanceof ScenarioError ? err.message : `uncaught: ${err?.stack ?? err}` }, 1);
});

try {
  await allScenarios[scenarioName]();
  report({ scenario: scenarioName, mode, ok: true, ms: Date.now() - started, ...details }, 0);
} catch (err) {
  const error = err instanceof ScenarioError ? err.message : String(err?.stack ?? err);
  report({ scenario: scenarioName, mode, ok: false, ms: Date.now() - started, error, ...details }, 1);
}

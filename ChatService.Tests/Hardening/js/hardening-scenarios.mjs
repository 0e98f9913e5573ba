// Hardening scenarios with the official socket.io-client (the one installed for the end-to-end tests),
// run by StorageFaultEndToEndTests and JwtEndToEndTests:
//   node hardening-scenarios.mjs <baseUrl> <polling|websocket> <scenario> [arg]
// Talks to the test through stdout ("STAGE <name>") and marker files in <arg> (a folder). Prints one JSON
// line and exits 0 on success; exits 1 with the reason otherwise. Every wait is bounded.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";

const require = createRequire(new URL("../../EndToEnd/js/package.json", import.meta.url));
const { io } = require("socket.io-client");

const [baseUrl, mode, scenario, arg] = process.argv.slice(2);
const WAIT_MS = 15000;
const sockets = [];

function fail(message) {
  console.log(JSON.stringify({ ok: false, scenario, mode, message }));
  for (const s of sockets) s.disconnect();
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function options(extra = {}) {
  return { transports: [mode], reconnection: false, forceNew: true, ...extra };
}

function next(socket, event, predicate = () => true, ms = WAIT_MS) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`timed out waiting for ${event}`), ms);
    const listener = (...args) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(args[0]);
    };
    socket.on(event, listener);
  });
}

async function connect(extra = {}) {
  const socket = io(baseUrl, options(extra));
  sockets.push(socket);
  const connected = next(socket, "connected");
  await next(socket, "connect");
  await connected;
  return socket;
}

function call(socket, event, payload) {
  return socket.timeout(WAIT_MS).emitWithAck(event, payload).catch(() => fail(`no ack for ${event}`));
}

/** Waits until the test created <arg>/<name> (it does so once it has done what the stage asked). */
async function stage(name) {
  console.log(`STAGE ${name}`);
  const marker = path.join(arg, name + ".done");
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) fail(`the test never completed stage ${name}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function storageFault() {
  const room = "faults";
  const observer = await connect();
  await call(observer, "join_room", { room_id: room, username: "Observer" });
  const seen = [];
  observer.on("new_message", (m) => seen.push(m.message));

  const sender = await connect();
  check((await call(sender, "join_room", { room_id: room, username: "Ana" })).ok, "join failed");
  check((await call(sender, "send_message", { room_id: room, message: "before" })).ok, "send before the fault failed");

  await stage("lock");
  const error = next(sender, "error");
  const refused = await call(sender, "send_message", { room_id: room, message: "while locked" });
  check(refused.ok === false && refused.error.code === "storage_unavailable", "expected storage_unavailable, got " + JSON.stringify(refused));
  check((await error).code === "storage_unavailable", "the error event is not storage_unavailable");
  check(sender.connected, "the sender was disconnected");

  await stage("unlock");
  const observed = next(observer, "new_message", (m) => m.message === "after");
  const after = await call(sender, "send_message", { room_id: room, message: "after" });
  check(after.ok, "send after the fault cleared failed: " + JSON.stringify(after));
  await observed;
  check(JSON.stringify(seen) === JSON.stringify(["before", "after"]), "observer saw " + JSON.stringify(seen));
}

async function jwt() {
  const [validToken, expectedName] = JSON.parse(arg);
  for (const [auth, message] of [[undefined, "authentication required"], [{ token: "garbage" }, "invalid token"]]) {
    const socket = io(baseUrl, options(auth ? { auth } : {}));
    sockets.push(socket);
    const err = await next(socket, "connect_error");
    check(err.message === message, `expected connect_error "${message}", got "${err.message}"`);
    socket.disconnect();
  }

  const socket = await connect({ auth: { token: validToken } });
  check((await call(socket, "join_room", { room_id: "general", username: "Impostor" })).ok, "join failed");
  const sent = await call(socket, "send_message", { room_id: "general", message: "oi", username: "Impostor" });
  check(sent.ok && sent.message.username === expectedName, "the message is not under the token's name: " + JSON.stringify(sent));
}

const scenarios = { "storage-fault": storageFault, jwt };
if (!scenarios[scenario]) fail("unknown scenario");
await scenarios[scenario]();
console.log(JSON.stringify({ ok: true, scenario, mode }));
for (const s of sockets) s.disconnect();
process.exit(0);

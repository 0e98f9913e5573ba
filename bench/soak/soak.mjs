// Soak test (not run in CI): starts the service on loopback, drives chatty load with random disconnects and
// reconnects for --minutes (default 30), samples the server's RSS, threads and open handles from /proc, and
// reports whether they stay flat. Linux only (reads /proc). Every loop is bounded in time and count.
//
//   node bench/soak/soak.mjs [--minutes 30] [--clients 60] [--port 5099] [--sample-seconds 10]
//
// Needs the service built (dotnet build ChatService -c Release) and socket.io-client installed in
// ChatService.Tests/EndToEnd/js (scripts/test.sh does it). Kills only the server process it started, by PID.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "ChatService.Tests", "EndToEnd", "js", "package.json"));
const { io } = require("socket.io-client");

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const minutes = Number(args.minutes ?? 30);
const clients = Number(args.clients ?? 60);
const port = Number(args.port ?? 5099);
const sampleSeconds = Number(args["sample-seconds"] ?? 10);
const base = `http://127.0.0.1:${port}`;
const rooms = ["general", "offers", "soak-a", "soak-b"];
const transports = [["polling"], ["websocket"], ["polling", "websocket"]];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

// ---- the server -------------------------------------------------------------------------------------------
const dll = path.join(repo, "ChatService", "bin", "Release", "net10.0", "ChatService.dll");
const data = mkdtempSync(path.join(tmpdir(), "chat-soak-"));
const server = spawn("dotnet", [dll, `--urls=${base}`, `--Storage:SqlitePath=${path.join(data, "chat.db")}`,
  "--Chat:RateLimit:Enabled=false", "--Logging:LogLevel:Default=Warning"], { cwd: path.dirname(dll), stdio: ["ignore", "ignore", "inherit"] });
let serverExited = false;
server.on("exit", () => { serverExited = true; });

function stopServer() {
  if (!serverExited) process.kill(server.pid, "SIGTERM");
}
process.on("SIGINT", () => { stopServer(); process.exit(130); });

async function waitHealthy() {
  for (let i = 0; i < 300 && !serverExited; i++) {
    try {
      const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error("the service did not start");
}

function sample() {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, "m"))[1]);
  return { t: Math.round((Date.now() - started) / 1000), rssMb: +(field("VmRSS") / 1024).toFixed(1), threads: field("Threads"),
    handles: readdirSync(`/proc/${server.pid}/fd`).length };
}

// ---- the load ---------------------------------------------------------------------------------------------
const stats = { connects: 0, disconnects: 0, sent: 0, acked: 0, rejected: 0, ackTimeouts: 0, received: 0, connectErrors: 0 };

async function client(index, deadline) {
  let n = 0;
  while (Date.now() < deadline) {
    const socket = io(base, { transports: pick(transports), reconnection: false, forceNew: true, timeout: 10000 });
    socket.on("new_message", () => { stats.received++; });
    const ok = await new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), 10000);
      socket.once("connect", () => { clearTimeout(t); resolve(true); });
      socket.once("connect_error", () => { clearTimeout(t); resolve(false); });
    });
    if (!ok) { stats.connectErrors++; socket.close(); await sleep(1000); continue; }
    stats.connects++;
    const room = pick(rooms);
    await socket.timeout(10000).emitWithAck("join_room", { room_id: room, username: `soak-${index}` }).catch(() => {});
    // A session lasts 5-60 s of chatting, then the client drops (cleanly or not) and comes back.
    const sessionEnd = Math.min(deadline, Date.now() + 5000 + Math.random() * 55000);
    while (Date.now() < sessionEnd && socket.connected) {
      if (Math.random() < 0.3) socket.emit("typing", { room_id: room, is_typing: true });
      stats.sent++;
      try {
        const ack = await socket.timeout(10000).emitWithAck("send_message", { room_id: room, message: `msg ${index}/${n++} ${"x".repeat(Math.floor(Math.random() * 200))}`, client_id: `${index}-${n}` });
        if (ack.ok) stats.acked++; else stats.rejected++;
      } catch { stats.ackTimeouts++; }
      await sleep(500 + Math.random() * 2500);
    }
    if (Math.random() < 0.5) socket.disconnect(); else socket.io.engine.close();
    stats.disconnects++;
    await sleep(Math.random() * 2000);
  }
}

const started = Date.now();
const samples = [];
let exitCode = 0;
try {
  await waitHealthy();
  const deadline = Date.now() + minutes * 60000;
  const sampler = setInterval(() => { if (!serverExited) samples.push(sample()); }, sampleSeconds * 1000);
  samples.push(sample());
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i, deadline)));
  clearInterval(sampler);
  await sleep(5000);
  samples.push({ ...sample(), idle: true });
  const health = await (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })).json();

  // Flat: after a warm-up (the first 20% of the run), the second half's averages against the first half's.
  const steady = samples.filter((s) => !s.idle && s.t >= minutes * 60 * 0.2);
  const half = Math.floor(steady.length / 2);
  const mean = (list, key) => list.reduce((a, s) => a + s[key], 0) / Math.max(1, list.length);
  const growth = Object.fromEntries(["rssMb", "threads", "handles"].map((k) => [k, +(mean(steady.slice(half), k) - mean(steady.slice(0, half), k)).toFixed(1)]));
  const max = Object.fromEntries(["rssMb", "threads", "handles"].map((k) => [k, Math.max(...samples.map((s) => s[k]))]));
  const flat = growth.rssMb < 20 && growth.threads < 10 && growth.handles < 20;
  console.log(JSON.stringify({ minutes, clients, stats, first: samples[0], last: samples.at(-1), max, growthSecondHalfVsFirst: growth,
    activeUsersAfter: health.active_users, flat, samples }, null, 1));
  if (!flat || serverExited) exitCode = 1;
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  stopServer();
  await sleep(1000);
  rmSync(data, { recursive: true, force: true });
}
process.exit(exitCode);

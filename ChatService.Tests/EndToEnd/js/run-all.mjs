// Runs every scenario of scenarios.mjs in every mode and prints one line per run plus a summary.
//
//   node run-all.mjs --reference            against reference-server.mjs (started here on a free port)
//   node run-all.mjs http://127.0.0.1:5000  against a server that is already running (conformance mode)
//   node run-all.mjs <target> [mode] [scenario]   restrict to one mode and/or scenario
//
// Exits 0 when every run passed. The NUnit tests do not use this file (they run scenarios.mjs directly).
import { spawn, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const [, , target, onlyMode, onlyScenario] = process.argv;
if (!target) {
  console.error("usage: node run-all.mjs --reference | <baseUrl> [mode] [scenario]");
  process.exit(2);
}

let server;
let baseUrl = target;
if (target === "--reference") {
  server = spawn(process.execPath, [join(here, "reference-server.mjs"), "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("reference server did not start in 10 s")), 10000);
    server.stdout.on("data", (chunk) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.on("exit", (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  baseUrl = `http://127.0.0.1:${port}`;
}

const scenarios = JSON.parse(execFileSync(process.execPath, [join(here, "scenarios.mjs"), "--list"]).toString());
const modes = ["polling", "websocket", "upgrade"];
const runs = [];
for (const mode of modes) {
  if (onlyMode && mode !== onlyMode) continue;
  for (const scenario of scenarios) {
    if (onlyScenario && scenario !== onlyScenario) continue;
    runs.push({ mode, scenario });
  }
}

function runOne({ mode, scenario }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, "scenarios.mjs"), baseUrl, mode, scenario], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ mode, scenario, code, out: out.trim() });
    });
  });
}

let passed = 0;
let failed = 0;
const queue = [...runs];
async function worker() {
  while (queue.length > 0) {
    const r = await runOne(queue.shift());
    if (r.code === 0) passed++;
    else failed++;
    console.log(`${r.code === 0 ? "PASS" : "FAIL"} ${r.mode.padEnd(9)} ${r.scenario.padEnd(20)} ${r.out}`);
  }
}
await worker(); // one at a time: a scenario assumes it is alone on the server (broadcasts)
console.log(`scenarios: ${passed} passed, ${failed} failed (${baseUrl})`);
server?.kill();
process.exit(failed === 0 && passed > 0 ? 0 : 1);

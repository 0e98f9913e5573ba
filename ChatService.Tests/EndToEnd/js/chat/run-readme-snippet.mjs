// Runs readme-snippet.mjs — the frontend example of the original README, copied verbatim — and exits 0
// once it has logged both "Conectado ao chat!" and the "Nova mensagem:" of its own message.
const seen = { connected: false, message: null };
const log = console.log;
console.log = (...args) => {
  if (args[0] === "Conectado ao chat!") seen.connected = true;
  if (args[0] === "Nova mensagem:") seen.message = args[1];
  log(...args);
  if (seen.connected && seen.message) {
    const ok = seen.message.message === "Olá pessoal!" && seen.message.username === "Meu Nome" && seen.message.room_id === "general";
    log(JSON.stringify({ ok, message: seen.message }));
    process.exit(ok ? 0 : 1);
  }
};
setTimeout(() => { log(JSON.stringify({ ok: false, seen })); process.exit(1); }, 15000);
await import("./readme-snippet.mjs");

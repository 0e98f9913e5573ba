// Reference server: the conformance-mode handlers (see SocketIOClientEndToEndTests / SPEC §1) written on
// the Node `socket.io` 4.8.1 server, the reference implementation of the protocol.
//
// Our own code. It is NOT part of the product and NOT used by the NUnit tests: it exists to prove that the
// scenario scripts (scenarios.mjs) are right, by running them against the reference implementation first:
//
//   node run-all.mjs --reference          # starts this server on a free port and runs every scenario/mode
//   node reference-server.mjs 3000        # or start it by hand: node scenarios.mjs http://127.0.0.1:3000 polling rooms
//
// Usage: node reference-server.mjs [port=3000] [pingIntervalMs=300] [pingTimeoutMs=1000]
// Prints one line "listening <port>" once it accepts connections.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 3000);
const pingInterval = Number(process.argv[3] ?? 300);
const pingTimeout = Number(process.argv[4] ?? 1000);

const httpServer = createServer();
const io = new Server(httpServer, {
  pingInterval,
  pingTimeout,
  maxHttpBufferSize: 1e6,
  connectTimeout: 1000,
  cors: { origin: "*" },
});

/** Every namespace emits `auth` with the CONNECT payload ({} when none) on connection. */
function emitAuth(socket) {
  socket.emit("auth", socket.handshake.auth);
}

/** Splits off the trailing ack callback, if any. */
function withAck(args) {
  const ack = typeof args[args.length - 1] === "function" ? args.pop() : () => {};
  return [args, ack];
}

io.of("/").on("connection", (socket) => {
  emitAuth(socket);

  socket.on("message", (...args) => {
    const [rest] = withAck(args);
    socket.emit("message-back", ...rest);
  });

  socket.on("message-with-ack", (...args) => {
    const [rest, ack] = withAck(args);
    ack(...rest);
  });

  // Server → client ack with a 2 s timeout; the outcome is reported with "ask-result".
  socket.on("server-ack", (x) => {
    socket.timeout(2000).emit("ask", x, (err, y) => {
      socket.emit("ask-result", err ? "timeout" : y);
    });
  });

  socket.on("join", (room, ack) => {
    socket.join(room);
    ack?.("joined", room);
  });

  socket.on("leave", (room, ack) => {
    socket.leave(room);
    ack?.("left", room);
  });

  socket.on("to-room", (room, payload, ack) => {
    io.to(room).emit("room-message", payload);
    ack?.("sent");
  });

  socket.on("broadcast", (payload, ack) => {
    socket.broadcast.emit("broadcast", payload);
    ack?.("sent");
  });

  socket.on("rooms-except", (rooms, exceptRooms, payload, ack) => {
    io.to(rooms).except(exceptRooms).emit("room-message", payload);
    ack?.("sent");
  });

  // DISCONNECT packet for this namespace only: the client sees "io server disconnect" and does not reconnect.
  socket.on("disconnect-me", () => {
    socket.disconnect();
  });

  // Close the whole Engine.IO connection WITHOUT a Socket.IO DISCONNECT packet (socket.disconnect(true) would
  // send one): the client sees a transport-level close and reconnects by itself.
  socket.on("close-me", () => {
    socket.conn.close();
  });
});

io.of("/custom").on("connection", emitAuth);

const admin = io.of("/admin");
admin.use((socket, next) => {
  if (socket.handshake.auth?.token === "secret") {
    next();
  } else {
    const err = new Error("not authorized");
    err.data = { reason: "bad token" };
    next(err);
  }
});
admin.on("connection", emitAuth);

io.of(/^\/dyn-[a-z0-9]+$/).on("connection", emitAuth);

// Any other namespace: socket.io answers CONNECT_ERROR {"message":"Invalid namespace"} by itself.

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    // like a server shutdown: every client gets a clean close, then the process ends
    io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}

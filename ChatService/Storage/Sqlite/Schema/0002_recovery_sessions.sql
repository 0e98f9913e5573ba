-- Migration 2: disconnected Socket.IO sessions kept for connection state recovery (survive restarts).
CREATE TABLE recovery_sessions (
    pid                TEXT    PRIMARY KEY,
    socket_id          TEXT    NOT NULL,
    namespace          TEXT    NOT NULL,
    rooms              TEXT    NOT NULL,  -- JSON array of room names
    data               BLOB    NULL,      -- the application's JSON
    disconnected_at_ms INTEGER NOT NULL
);

CREATE INDEX ix_recovery_sessions_disconnected_at_ms ON recovery_sessions (disconnected_at_ms);

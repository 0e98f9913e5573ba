-- Migration 1: the messages table. id is the service-wide sequence; ts_ms is unix milliseconds (UTC).
CREATE TABLE messages (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id   TEXT    NOT NULL,
    user_id   TEXT    NOT NULL,
    username  TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    ts_ms     INTEGER NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('user', 'bot', 'system')),
    client_id TEXT    NULL
);

-- History: the last N of a room, and cursor paging by id.
CREATE INDEX ix_messages_room_id_id ON messages (room_id, id);

-- Idempotent resends: one message per (username, client_id).
CREATE UNIQUE INDEX ux_messages_username_client_id ON messages (username, client_id) WHERE client_id IS NOT NULL;

-- Analytics: messages per hour since an instant.
CREATE INDEX ix_messages_ts_ms ON messages (ts_ms);

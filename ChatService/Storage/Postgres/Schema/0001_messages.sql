-- Migration 1: the messages table. id is the service-wide sequence (every node draws from it, so recovery offsets
-- mean the same on every node); ts is kept to the millisecond, in UTC.
CREATE TABLE messages (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id   text        NOT NULL,
    user_id   text        NOT NULL,
    username  text        NOT NULL,
    text      text        NOT NULL,
    ts        timestamptz NOT NULL,
    kind      text        NOT NULL CHECK (kind IN ('user', 'bot', 'system')),
    client_id text        NULL
);

-- History: the last N of a room, and cursor paging by id.
CREATE INDEX ix_messages_room_id_id ON messages (room_id, id);

-- Idempotent resends: one message per (username, client_id).
CREATE UNIQUE INDEX ux_messages_username_client_id ON messages (username, client_id) WHERE client_id IS NOT NULL;

-- Analytics: messages per hour since an instant.
CREATE INDEX ix_messages_ts ON messages (ts);

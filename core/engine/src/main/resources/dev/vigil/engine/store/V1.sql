-- vigil store, schema 1. Times are epoch milliseconds; NULL means unknown or not yet.

-- Each live child vigil spawned: enough to find it again after vigil itself restarts.
-- start_ticks is /proc/PID/stat field 22 (clock ticks after boot), boot_id tells one boot from the next:
-- together with the pid they tell the same process from a new one that reuses its pid.
-- sockets: the service's declared sockets when the child was spawned (URIs, one a line).
CREATE TABLE children (
    service        TEXT    NOT NULL,
    child          TEXT    NOT NULL,
    pid            INTEGER NOT NULL,
    start_ticks    INTEGER NOT NULL,
    boot_id        TEXT    NOT NULL,
    instance       TEXT    NOT NULL,
    notify_socket  TEXT,
    spec_hash      TEXT    NOT NULL,
    sockets        TEXT    NOT NULL DEFAULT '',
    started_at     INTEGER NOT NULL,
    PRIMARY KEY (service, child)
);

-- Per service: the crash bookkeeping that must not restart from zero, and its last known state.
-- ready: every child had sent READY=1 (sd_notify), which a child says only once.
-- restarts: automatic restarts so far; consecutive: crashes since the last healthy stretch (the
-- backoff delay grows with it); crash_times: the recent crashes (comma-separated epoch ms, within
-- the backoff window); healthy_since: when it last became healthy (reset_after counts from there).
CREATE TABLE services (
    service       TEXT    PRIMARY KEY,
    state         TEXT    NOT NULL,
    reason        TEXT,
    ready         INTEGER NOT NULL DEFAULT 0,
    restarts      INTEGER NOT NULL DEFAULT 0,
    consecutive   INTEGER NOT NULL DEFAULT 0,
    crash_times   TEXT    NOT NULL DEFAULT '',
    healthy_since INTEGER,
    next_start    INTEGER,
    updated_at    INTEGER NOT NULL
);

-- The event journal, bounded (the oldest rows are pruned).
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    seq         INTEGER NOT NULL,
    time        INTEGER NOT NULL,
    service     TEXT    NOT NULL,
    child       TEXT,
    from_state  TEXT,
    to_state    TEXT    NOT NULL,
    cause       TEXT,
    pid         INTEGER,
    exit_code   INTEGER,
    exit_signal INTEGER
);

-- Tasks by their caller-chosen id. params is a JSON object of strings; output the last 50 lines,
-- joined by newlines. While a run is RUNNING, pid/start_ticks/boot_id name its process (the
-- exit-status wrapper) and deadline is when its timeout kills it.
CREATE TABLE tasks (
    id           TEXT    PRIMARY KEY,
    template     TEXT    NOT NULL,
    params       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    run          INTEGER NOT NULL,
    exit_code    INTEGER,
    exit_signal  INTEGER,
    error        TEXT,
    output       TEXT    NOT NULL DEFAULT '',
    submitted_at INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    pid          INTEGER,
    start_ticks  INTEGER,
    boot_id      TEXT,
    deadline     INTEGER
);

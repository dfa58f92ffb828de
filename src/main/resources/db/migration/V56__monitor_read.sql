-- The monitor's read in progress: where its range starts and the snapshot it reads in. Written
-- with every slice's checkpoints; the running states (monitor_state) are written only when a read
-- ends. A monitor that stopped inside a read finds some sensors' checkpoints ahead of their saved
-- states, and replays into those states exactly the rows that read saw.
CREATE TABLE IF NOT EXISTS monitor_read (
    id       integer     PRIMARY KEY CHECK (id = 1),
    after    timestamptz NOT NULL,
    snapshot text        NOT NULL
);

-- How far the monitor has taken in arrivals: the transaction snapshot of its last cycle. Every row
-- visible in it is scored or still ahead of its sensor's checkpoint (scored in time order later);
-- the next cycle finds the rows committed since (ingest_xid) that lie behind their sensor's
-- checkpoint, the late arrivals, and scores each once. Written in the transaction that commits
-- those late rows' verdicts and checkpoints.
CREATE TABLE IF NOT EXISTS monitor_arrivals (
    id       integer PRIMARY KEY CHECK (id = 1),
    snapshot text    NOT NULL
);

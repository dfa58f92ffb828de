-- The monitor lease's fencing token. A monitor that takes the lease (its advisory lock) adds one to
-- epoch and remembers the result; each transaction that writes its alerts, outbox events,
-- checkpoints or running states first reads epoch FOR SHARE and writes only if it is still its own.
-- A monitor that froze, lost the lease and thawed therefore writes nothing once another took over;
-- and a takeover's increment waits for a write transaction still in flight, so the new monitor
-- restores itself from everything the old one committed.
CREATE TABLE IF NOT EXISTS monitor_lease (
    id    integer PRIMARY KEY CHECK (id = 1),
    epoch bigint  NOT NULL
);
INSERT INTO monitor_lease (id, epoch) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

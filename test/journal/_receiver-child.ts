/**
 * A child process for the kill tests: the journal receiver on its own port
 * over the SQLite store in argv[2], exactly as `hull serve` wires them
 * (dbJournalRepository + createJournalReceiverServer), without the rest of
 * the server (whose start-up takes seconds on a loaded machine). Prints
 * `READY <port>` once listening. argv[3]: the port (0: any).
 */
import { dbJournalRepository, openStore } from '../../src/adapters/db/index.js';
import { createJournalReceiverServer } from '../../src/adapters/node/journal-receiver.js';
import { LocalJournalTail } from '../../src/journal/index.js';

async function main(): Promise<void> {
  const store = await openStore({ dataDir: process.argv[2]! });
  const server = createJournalReceiverServer({ repo: dbJournalRepository(store), tail: new LocalJournalTail() });
  server.listen({ host: '127.0.0.1', port: Number(process.argv[3] ?? 0) }, () => {
    const a = server.address();
    process.stdout.write(`READY ${typeof a === 'object' && a ? a.port : 0}\n`);
  });
}
void main();

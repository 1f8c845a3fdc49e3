import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * PGlite loads its WebAssembly with a dynamic import, which jest's module sandbox refuses, so
 * each case runs as a script of its own (tsx) and prints what it saw as JSON.
 */
async function runWithPglite(body: string): Promise<Record<string, unknown>> {
  const script = `
    import { PgliteDatabase } from ${JSON.stringify(join(__dirname, 'pglite-database.ts'))};
    (async () => {
      const db = new PgliteDatabase();
      try { ${body} } finally { await db.close(); }
    })().catch((error) => { console.log(JSON.stringify({ error: String(error) })); process.exit(1); });
  `;
  const tsx = join(__dirname, '../../../../node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, ['-e', script]);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('PgliteDatabase', () => {
  // A consumer taking a backlog queued thousands of transactions at once; PGlite ran them back to
  // back without the event loop turning, so heartbeats starved and the member lost its group.
  it('lets the event loop turn between queued transactions, so heartbeats and fetches are not starved', async () => {
    const seen = await runWithPglite(`
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      let turns = 0;
      let spinning = true;
      const spin = () => { turns++; if (spinning) setImmediate(spin); };
      setImmediate(spin);
      await Promise.all(Array.from({ length: 200 }, (_, i) => db.transaction((tx) => tx.query('INSERT INTO t VALUES ($1)', [i]))));
      spinning = false;
      const rows = (await db.query('SELECT count(*)::int AS n FROM t')).rows;
      console.log(JSON.stringify({ turns, rows: rows[0].n }));
    `);
    expect(seen.rows).toBe(200);
    expect(seen.turns).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('keeps running after a failed transaction, rolled back', async () => {
    const seen = await runWithPglite(`
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      let failure = '';
      await db.transaction(async (tx) => { await tx.query('INSERT INTO t VALUES (1)'); await tx.query('INSERT INTO t VALUES (1)'); }).catch((e) => (failure = String(e)));
      await db.transaction((tx) => tx.query('INSERT INTO t VALUES (2)'));
      console.log(JSON.stringify({ failure, ids: (await db.query('SELECT id FROM t')).rows.map((r) => r.id) }));
    `);
    expect(seen.failure).toMatch(/duplicate key/);
    expect(seen.ids).toEqual([2]);
  }, 120_000);
});

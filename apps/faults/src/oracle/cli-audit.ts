import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What `streamline audit` said about a scenario's group, kept beside the suite's own counts. */
export interface CliAudit {
  /** The command's JSON answer, when it gave one. */
  report?: unknown;
  /** Why there is no report (not built, failed, not JSON). */
  skipped?: string;
}

/**
 * Hook for `streamline audit <group> --json`, a second reader of the log and the read model
 * beside kcat and SQL. Runs only once the command exists in the sources and the CLI is built
 * (`nest build cli`); its answer is recorded as it is, not folded into the figures.
 */
export async function runCliAudit(root: string, group: string, topic: string, bootstrap: string, databaseUrl: string | undefined): Promise<CliAudit> {
  const main = join(root, 'dist', 'apps', 'cli', 'main.js');
  if (!existsSync(join(root, 'apps', 'cli', 'src', 'audit')) || !existsSync(main)) return { skipped: 'streamline audit is not built' };
  const args = [main, 'audit', group, '--topic', topic, '--brokers', bootstrap, ...(databaseUrl ? ['--database-url', databaseUrl] : []), '--json'];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve({ report: JSON.parse(stdout) });
      } catch {
        resolve({ skipped: `streamline audit gave no JSON (${error?.message ?? 'exit 0'}): ${stderr.trim().split('\n').slice(-2).join(' ')}` });
      }
    });
  });
}

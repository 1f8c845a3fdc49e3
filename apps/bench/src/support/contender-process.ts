import { spawn } from 'node:child_process';
import { CONTENDERS, ContenderName, IN_PROCESS } from '../contenders';
import { ContenderParams, ContenderResult, RESULT_MARKER } from '../contenders/contender';

const TIMEOUT_MS = 15 * 60_000;

/**
 * Runs one contender once: a Node contender in a fresh process of its own (same runtime as this
 * one, so no contender inherits another's JIT state, heap or connections); a Java tool directly.
 */
export async function runContender(name: ContenderName, params: ContenderParams, nodeArgs: string[] = []): Promise<ContenderResult> {
  if (IN_PROCESS.has(name)) return CONTENDERS[name](params);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, process.argv[1], 'contender', name], {
      env: { ...process.env, BENCH_PARAMS: JSON.stringify(params) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code === 0 && line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ContenderResult);
      reject(new Error(`contender ${name} ended with ${signal ?? code}:\n${stderr || stdout.slice(-4000)}`));
    });
  });
}

/** The child side: runs the named contender and prints its result line. */
export async function contenderMain(name: string): Promise<void> {
  if (!(name in CONTENDERS)) throw new Error(`unknown contender ${name}; known: ${Object.keys(CONTENDERS).join(', ')}`);
  const params = JSON.parse(process.env.BENCH_PARAMS ?? '{}') as ContenderParams;
  const result = await CONTENDERS[name as ContenderName](params);
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

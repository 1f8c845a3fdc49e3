import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

/** What the image's config says about how its programs run. */
export interface ImageConfig {
  user: string;
  env: string[];
  entrypoint: string[];
  workingDir: string;
}

/** A program of the image running on the host's network from the image's file system. */
export interface ImageProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (128 + signal when a signal ended it). */
  exited: Promise<number>;
}

/** The image's config (`podman image inspect`). */
export function imageConfig(image: string): ImageConfig {
  const [inspected] = JSON.parse(execFileSync('podman', ['image', 'inspect', image], { encoding: 'utf8' })) as {
    Config: { User?: string; Env?: string[]; Entrypoint?: string[]; WorkingDir?: string };
  }[];
  const config = inspected.Config;
  return { user: config.User ?? 'root', env: config.Env ?? [], entrypoint: config.Entrypoint ?? [], workingDir: config.WorkingDir || '/' };
}

/** `uid:gid` of a user of the image, read from its own /etc/passwd (numeric users pass as they are). */
export function userSpecOf(rootfs: string, user: string): string {
  if (/^\d+(:\d+)?$/.test(user)) return user.includes(':') ? user : `${user}:${user}`;
  const line = readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`user ${user} of the image is not in its /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return `${uid}:${gid}`;
}

/**
 * Runs `command` as a container engine would (the image's entrypoint, user, working directory and
 * environment), without one: in a mount namespace of its own, the image's file system gets /proc,
 * /dev and an empty /tmp, then `chroot` enters it as the image's user. The network is the host's.
 * unshare, chroot and env exec one another, so the process signalled is the image's entrypoint
 * (tini), as in a container.
 */
export function runInImage(rootfs: string, config: ImageConfig, command: string[], env: Record<string, string> = {}): ImageProcess {
  const userSpec = userSpecOf(rootfs, config.user);
  // Not PID 1 here: tini registers as a subreaper instead, so it still reaps what it must.
  const variables = [...config.env, 'TINI_SUBREAPER=1', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  const script = [
    'set -e',
    'mount -t proc proc "$ROOT/proc"',
    'mount --rbind /dev "$ROOT/dev"',
    'mount -t tmpfs -o mode=1777 tmpfs "$ROOT/tmp"',
    'exec chroot --userspec="$USERSPEC" "$ROOT" "$@"',
  ].join('\n');
  const args = [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    script,
    'image',
    'env',
    '-i',
    `--chdir=${config.workingDir}`,
    ...variables,
    ...config.entrypoint,
    ...command,
  ];
  const child = spawn('unshare', args, {
    env: { ROOT: rootfs, USERSPEC: userSpec, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))));
  return { child, output: () => output, exited };
}

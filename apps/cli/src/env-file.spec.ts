import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEnvFile } from './env-file';

describe('--env-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  const file = join(dir, 'secured.env');
  writeFileSync(file, '# a secured cluster\nSTREAMLINE_SPEC_A=from-file\nSTREAMLINE_SPEC_B="quoted value"\n');
  afterEach(() => {
    delete process.env.STREAMLINE_SPEC_A;
    delete process.env.STREAMLINE_SPEC_B;
  });

  it('reads NAME=value lines over the environment and takes the flag out of the arguments, in either spelling', () => {
    process.env.STREAMLINE_SPEC_A = 'from-environment';
    const argv = ['node', 'main.js', '--env-file', file, 'topics', '--json'];
    expect(applyEnvFile(argv)).toBe(file);
    expect(argv).toEqual(['node', 'main.js', 'topics', '--json']);
    expect(process.env.STREAMLINE_SPEC_A).toBe('from-file');
    expect(process.env.STREAMLINE_SPEC_B).toBe('quoted value');

    const inline = ['node', 'main.js', 'topics', `--env-file=${file}`];
    expect(applyEnvFile(inline)).toBe(file);
    expect(inline).toEqual(['node', 'main.js', 'topics']);
  });

  it('leaves the arguments alone without the flag, and names a file it cannot read or a missing file name', () => {
    const argv = ['node', 'main.js', 'topics'];
    expect(applyEnvFile(argv)).toBeUndefined();
    expect(argv).toEqual(['node', 'main.js', 'topics']);
    expect(() => applyEnvFile(['node', 'main.js', '--env-file', join(dir, 'missing.env'), 'topics'])).toThrow(
      `--env-file: cannot read ${join(dir, 'missing.env')} (ENOENT)`,
    );
    expect(() => applyEnvFile(['node', 'main.js', 'topics', '--env-file'])).toThrow('--env-file needs a file of NAME=value lines');
  });
});

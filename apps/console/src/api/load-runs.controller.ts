import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliRunner } from '../cli/cli-runner';
import { ConsoleConfig } from '../console.config';

const FILE = /^[A-Za-z0-9._-]+\.json$/;

/** A load result file as listed. */
interface LoadRunEntry {
  file: string;
  runId: string;
  startedAt: string;
  steps: { rate: number; achievedRate: number; sent: number; errors: number }[];
}

/** The JSON results of `streamline load` in CONSOLE_LOAD_DIR: listed, opened, and two compared by `streamline load compare`. */
@Controller('api/load-runs')
export class LoadRunsController {
  constructor(
    @Inject(ConsoleConfig) private readonly config: ConsoleConfig,
    private readonly cli: CliRunner,
  ) {}

  @Get()
  async list(): Promise<LoadRunEntry[]> {
    const files = await readdir(this.config.CONSOLE_LOAD_DIR).catch(() => [] as string[]);
    const runs: LoadRunEntry[] = [];
    for (const file of files.filter((f) => FILE.test(f)).sort()) {
      const result = await this.read(file).catch(() => undefined);
      if (!result) continue;
      runs.push({
        file,
        runId: result.runId,
        startedAt: result.startedAt,
        steps: result.steps.map(({ rate, achievedRate, sent, errors }: any) => ({ rate, achievedRate, sent, errors })),
      });
    }
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Compares a baseline and a candidate step by step, as `streamline load compare --json` does. */
  @Get('compare')
  async compare(@Query('baseline') baseline: string, @Query('candidate') candidate: string): Promise<unknown> {
    const a = this.path(baseline, 'baseline');
    const b = this.path(candidate, 'candidate');
    // Exit 1 means the candidate regressed: a finding, not a failure of the comparison.
    return (await this.cli.json(['load', 'compare', a, b], [0, 1])).lines[0];
  }

  @Get(':file')
  async open(@Param('file') file: string): Promise<any> {
    this.path(file, 'file');
    return this.read(file).catch(() => {
      throw new NotFoundException(`no load result ${file} in ${this.config.CONSOLE_LOAD_DIR}`);
    });
  }

  private async read(file: string): Promise<any> {
    const value = JSON.parse(await readFile(join(this.config.CONSOLE_LOAD_DIR, file), 'utf8'));
    if (value?.kind !== 'streamline-load-result' || !Array.isArray(value.steps)) throw new Error(`${file} is not a streamline load result`);
    return value;
  }

  /** A file name inside the folder, never a path out of it. */
  private path(file: string | undefined, field: string): string {
    if (!file || !FILE.test(file))
      throw new BadRequestException({ error: `${field} must be a .json file name of ${this.config.CONSOLE_LOAD_DIR}`, fields: [{ field }] });
    return resolve(this.config.CONSOLE_LOAD_DIR, file);
  }
}

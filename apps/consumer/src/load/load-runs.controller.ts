import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { LoadProbe, LoadRunSnapshot } from '@streamline/kafka';

/**
 * End-to-end latency of `streamline load` runs as this instance handled them: the load tester
 * fetches it when a run ends (`--consumer-url`).
 */
@Controller('load-runs')
export class LoadRunsController {
  constructor(private readonly probe: LoadProbe) {}

  @Get(':runId')
  get(@Param('runId') runId: string): LoadRunSnapshot {
    const snapshot = this.probe.snapshot(runId);
    if (!snapshot) throw new NotFoundException(`no event of load run ${runId} was handled here`);
    return snapshot;
  }
}

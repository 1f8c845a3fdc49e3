import { ContenderParams } from '../contenders/contender';
import { PARTITIONS } from '../support/bench-broker';
import { ScenarioContext } from './scenario';

/** Params of a consumer contender reading a prepared topic in a group of its own. */
export function consumerParams(context: ScenarioContext, topicPrefix: string, count: number, keys: number, delayMs: number, group: string): ContenderParams {
  return {
    brokers: context.brokers,
    topicPrefix,
    count,
    keys,
    batchSize: 0,
    concurrency: 0,
    groupId: context.prefix(group),
    handlerDelayMs: delayMs,
    partitions: PARTITIONS,
  };
}

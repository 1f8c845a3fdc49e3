import { BatchControl } from '../client/consumer-client';
import { isDatabaseUnavailable } from '../errors/database-unavailable.error';
import { DatabaseGate } from './database-gate';
import { ParkingLot } from './parking-lot';

/** A batch held by the engine heartbeats at least this often (kafkajs sends one only when its interval is due). */
export const HOLD_HEARTBEAT_MS = 1000;

/**
 * Reads a partition's parked keys before its records run. While the database is unreachable it
 * waits for it, heartbeating so the membership stays alive; false when it stopped waiting
 * (shutdown, or the heartbeat says the group is rebalancing).
 */
export async function loadParkedKeys(
  parking: ParkingLot,
  gate: DatabaseGate | undefined,
  topic: string,
  partition: number,
  control: BatchControl,
  stopping: () => boolean,
): Promise<boolean> {
  for (;;) {
    try {
      await parking.load(topic, partition);
      return true;
    } catch (error) {
      if (!gate || !isDatabaseUnavailable(error)) throw error;
      gate.reportDown(error);
      await Promise.race([gate.whenOpen(), new Promise((resolve) => setTimeout(resolve, HOLD_HEARTBEAT_MS))]);
      const alive = await control.heartbeat?.().then(
        () => true,
        () => false,
      );
      if (stopping() || alive === false) return false;
    }
  }
}

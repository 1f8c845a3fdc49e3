import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterPorts } from './broker-config';
import { ephemeralPortProblem, portsInRange, readEphemeralPortRange } from './ephemeral-ports';

const LINUX_DEFAULT = { low: 32768, high: 60999 };

describe('a broker port in the ephemeral range (a reconnecting client took the port of a dead benchmark broker)', () => {
  it('refuses the benchmark old base port 33092, whose client and controller ports both lie in the range', () => {
    const problem = ephemeralPortProblem(clusterPorts(33092, 1), LINUX_DEFAULT, 1000);

    expect(problem).toBe(
      "ports 33092, 34092 lie in this machine's ephemeral port range 32768-60999 (/proc/sys/net/ipv4/ip_local_port_range), " +
        "where a reconnecting client can take a dead broker's port; choose a base port up to 31767",
    );
    expect(problem).not.toContain('\n');
  });

  it('refuses a cluster when only its controller ports reach into the range', () => {
    expect(portsInRange(clusterPorts(31800, 3), LINUX_DEFAULT)).toEqual([32800, 32801, 32802]);
    expect(ephemeralPortProblem(clusterPorts(31800, 3), LINUX_DEFAULT, 1002)).toMatch(/^ports 32800, 32801, 32802 lie .* up to 31765$/);
  });

  it('accepts the ports the project uses, all below the range', () => {
    for (const [port, brokers] of [
      [9092, 1],
      [19092, 1],
      [21092, 1],
      [29092, 3],
      [29099, 1],
    ] as const) {
      expect([port, ephemeralPortProblem(clusterPorts(port, brokers), LINUX_DEFAULT, 1000 + brokers - 1)]).toEqual([port, undefined]);
    }
  });

  it('suggests a port above the range when nothing below it fits', () => {
    expect(ephemeralPortProblem([1500, 2500], { low: 1024, high: 60999 }, 1000)).toMatch(/choose a base port above 60999$/);
  });

  it('checks nothing where the system has no ephemeral range file', () => {
    expect(readEphemeralPortRange(join(tmpdir(), 'no-such-dir', 'ip_local_port_range'))).toBeUndefined();
    expect(ephemeralPortProblem([33092], undefined, 1000)).toBeUndefined();
  });

  it('reads the range as Linux writes it, tab separated with a newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ports-')), 'ip_local_port_range');
    writeFileSync(file, '32768\t60999\n');
    expect(readEphemeralPortRange(file)).toEqual(LINUX_DEFAULT);
    writeFileSync(file, 'garbage\n');
    expect(readEphemeralPortRange(file)).toBeUndefined();
  });
});

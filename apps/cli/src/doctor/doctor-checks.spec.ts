import { AccessNeed, ClusterInspection } from '@streamline/kafka';
import { accessChecks, topicChecks } from './doctor-checks';

const principals = { producer: 'User:producer', consumer: 'User:consumer', cli: 'User:operator' };
const need: AccessNeed = { service: 'producer', resourceType: 'topic', name: 'orders', operation: 'WRITE', why: 'publish events' };

describe('accessChecks', () => {
  it('passes a need an ACL covers and fails one none does, with the AclCommand line that grants it', () => {
    const acls = [
      {
        principal: 'User:producer',
        resourceType: 'topic' as const,
        name: 'orders',
        patternType: 'literal' as const,
        operation: 'WRITE',
        permission: 'allow' as const,
      },
    ];
    expect(accessChecks(acls, [need], principals)[0]).toMatchObject({ ok: true });
    const failed = accessChecks([], [{ ...need, operation: 'DESCRIBE_CONFIGS' }], principals)[0]!;
    expect(failed.ok).toBe(false);
    expect(failed.fix).toBe('kafka-acls --add --allow-principal User:producer --operation DescribeConfigs --topic orders');
  });

  it('says so when ACLs cannot be listed, and that a cluster without an authorizer allows everything', () => {
    expect(accessChecks({ unavailable: 'CLUSTER_AUTHORIZATION_FAILED' }, [need], principals)).toEqual([
      expect.objectContaining({ ok: false, fix: expect.stringContaining('DESCRIBE on the cluster') }),
    ]);
    expect(accessChecks({ unavailable: 'SECURITY_DISABLED' }, [need], principals)).toEqual([expect.objectContaining({ ok: true })]);
  });
});

describe('topicChecks', () => {
  const inspection = (topic: Partial<ClusterInspection['topics'][number]>, brokers = 3): ClusterInspection => ({
    brokers,
    acls: [],
    topics: [{ name: 'orders', exists: true, partitions: 6, replicationFactor: 3, minInsyncReplicas: 2, ...topic }],
  });

  it('passes a topic with the registry partitions, three replicas and min.insync.replicas 2', () => {
    expect(topicChecks(inspection({}), [{ name: 'orders', partitions: 6 }]).every((c) => c.ok)).toBe(true);
  });

  it('fails a missing topic, other partitions, too few replicas and min.insync.replicas 1 on three replicas', () => {
    expect(topicChecks(inspection({ exists: false }), [{ name: 'orders', partitions: 6 }])[0]!.ok).toBe(false);
    const checks = topicChecks(inspection({ partitions: 3, replicationFactor: 3, minInsyncReplicas: 1 }), [{ name: 'orders', partitions: 6 }]);
    expect(checks.filter((c) => !c.ok).map((c) => c.check)).toEqual([
      'topic orders: 3 partitions, the registry wants 6',
      'topic orders: min.insync.replicas 1 with replication factor 3',
    ]);
    expect(topicChecks(inspection({ replicationFactor: 1 }), [{ name: 'orders', partitions: 6 }]).find((c) => c.check.includes('replication'))!.ok).toBe(false);
  });

  it('accepts replication factor 1 on a single broker', () => {
    expect(topicChecks(inspection({ replicationFactor: 1, minInsyncReplicas: 1 }, 1), [{ name: 'orders', partitions: 6 }]).every((c) => c.ok)).toBe(true);
  });
});

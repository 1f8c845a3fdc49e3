import { AccessNeed, AclBindingView, ClusterInspection, isAllowed } from '@streamline/kafka';

/** One line of the doctor's table: what was checked, whether it holds, and what to do if not. */
export interface DoctorCheck {
  ok: boolean;
  check: string;
  fix?: string;
}

/** The principals whose ACLs are checked, by the program that runs as them. */
export type Principals = Record<AccessNeed['service'], string>;

/** One row per need: may the service's principal do it under the listed ACLs. */
export function accessChecks(acls: ClusterInspection['acls'], needs: AccessNeed[], principals: Principals): DoctorCheck[] {
  if (!Array.isArray(acls)) {
    if (acls.unavailable === 'SECURITY_DISABLED') return [{ ok: true, check: 'no authorizer on the cluster: every principal may do everything' }];
    return [
      {
        ok: false,
        check: `ACLs could not be listed (${acls.unavailable})`,
        fix: 'run doctor as a principal with DESCRIBE on the cluster (the operator user)',
      },
    ];
  }
  return needs.map((need) => {
    const principal = principals[need.service];
    const ok = isAllowed(acls as AclBindingView[], principal, need);
    const check = `${need.service.padEnd(8)} ${principal} ${need.operation} on ${need.resourceType} ${need.name} (${need.why})`;
    return ok ? { ok, check } : { ok, check, fix: aclFix(principal, need) };
  });
}

function aclFix(principal: string, need: AccessNeed): string {
  const resource = need.resourceType === 'cluster' ? '--cluster' : `--${need.resourceType} ${need.name}`;
  return `kafka-acls --add --allow-principal ${principal} --operation ${toolOperation(need.operation)} ${resource}`;
}

/** WRITE → Write, DESCRIBE_CONFIGS → DescribeConfigs, as AclCommand spells operations. */
function toolOperation(operation: string): string {
  return operation
    .toLowerCase()
    .split('_')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** What the registry asks of a topic. */
export interface ExpectedTopic {
  name: string;
  partitions: number;
}

/**
 * Each registry topic exists with the registry's partitions; its replication factor survives a
 * broker loss where the cluster has the brokers for it; min.insync.replicas makes acks=all mean
 * two copies while one replica may be down.
 */
export function topicChecks(inspection: ClusterInspection, expected: ExpectedTopic[]): DoctorCheck[] {
  const wantedRf = Math.min(3, inspection.brokers);
  return expected.flatMap((want) => {
    const topic = inspection.topics.find((t) => t.name === want.name);
    if (!topic?.exists) {
      return [{ ok: false, check: `topic ${want.name} exists`, fix: `streamline topics create (or create it with ${want.partitions} partitions)` }];
    }
    const checks: DoctorCheck[] = [
      topic.partitions === want.partitions
        ? { ok: true, check: `topic ${want.name}: ${topic.partitions} partitions` }
        : {
            ok: false,
            check: `topic ${want.name}: ${topic.partitions} partitions, the registry wants ${want.partitions}`,
            fix: 'keys map to other partitions than the registry expects; recreate the topic or change the registry',
          },
      topic.replicationFactor >= wantedRf
        ? { ok: true, check: `topic ${want.name}: replication factor ${topic.replicationFactor}` }
        : {
            ok: false,
            check: `topic ${want.name}: replication factor ${topic.replicationFactor} on ${inspection.brokers} brokers`,
            fix: `reassign to ${wantedRf} replicas (kafka-reassign-partitions)`,
          },
    ];
    const minIsr = topic.minInsyncReplicas;
    if (minIsr === undefined) {
      checks.push({ ok: false, check: `topic ${want.name}: min.insync.replicas could not be read`, fix: 'grant DESCRIBE_CONFIGS on the topic' });
    } else if (topic.replicationFactor >= 3 && (minIsr < 2 || minIsr > topic.replicationFactor - 1)) {
      checks.push({
        ok: false,
        check: `topic ${want.name}: min.insync.replicas ${minIsr} with replication factor ${topic.replicationFactor}`,
        fix: `kafka-configs --alter --entity-type topics --entity-name ${want.name} --add-config min.insync.replicas=2`,
      });
    } else {
      checks.push({ ok: true, check: `topic ${want.name}: min.insync.replicas ${minIsr}` });
    }
    return checks;
  });
}

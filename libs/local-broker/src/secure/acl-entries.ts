import { AclEntry, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { AclGrant } from './secure-config';

const RESOURCE: Record<AclGrant['resource'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};

/** AclCommand's spelling (DescribeConfigs) to Kafka's operation (DESCRIBE_CONFIGS). */
function operationOf(name: string): AclOperationTypes {
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() as keyof typeof AclOperationTypes;
  const operation = AclOperationTypes[key];
  if (operation === undefined) throw new RangeError(`unknown ACL operation ${name}`);
  return operation;
}

/** One grant as the ACL bindings a CreateAcls request carries, one per operation. */
export function aclEntries(grant: AclGrant): AclEntry[] {
  return grant.operations.map((operation) => ({
    resourceType: RESOURCE[grant.resource],
    resourceName: grant.resource === 'cluster' ? 'kafka-cluster' : grant.name,
    resourcePatternType: grant.prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    principal: `User:${grant.user}`,
    host: '*',
    operation: operationOf(operation),
    permissionType: AclPermissionTypes.ALLOW,
  }));
}

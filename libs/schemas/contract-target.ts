/**
 * Which registry the contract scripts work on and where its files live, from the command line:
 * `--registry <module>[#export]` (a module exporting an EventRegistry, as `registry` unless named;
 * default: the example apps' order registry), `--out <dir>` (generated files), `--baseline <dir>`
 * (the published JSON Schemas) and `--contract-version <v>` (stamped into the AsyncAPI document).
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { EventRegistry } from './src/registry/event-registry';

/** A registry and the folders of its contract. */
export interface ContractTarget {
  registry: EventRegistry;
  version: string;
  outDir: string;
  baselineDir: string;
}

const ORDERS = join(__dirname, '..', 'orders');

/** Reads the target from `argv` (without node and the script); throws one line naming a bad flag. */
export function contractTarget(argv: readonly string[]): ContractTarget {
  const flag = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const value = argv[at + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    return value;
  };
  const dir = (value: string) => (isAbsolute(value) ? value : resolve(process.cwd(), value));
  const spec = flag('registry');
  if (spec === undefined) {
    const orders = loadModule(join(ORDERS, 'src'), '--registry (default)');
    return {
      registry: registryExport(orders, 'orderRegistry', 'the order registry'),
      version: flag('contract-version') ?? String(orders.ORDER_CONTRACT_VERSION),
      outDir: dir(flag('out') ?? join(ORDERS, 'generated')),
      baselineDir: dir(flag('baseline') ?? join(ORDERS, 'contract-baseline')),
    };
  }
  const [path, name = 'registry'] = spec.split('#');
  const loaded = loadModule(dir(path), `--registry ${spec}`);
  const version = flag('contract-version') ?? (typeof loaded.contractVersion === 'string' ? loaded.contractVersion : '1.0.0');
  return {
    registry: registryExport(loaded, name, `--registry ${spec}`),
    version,
    outDir: dir(flag('out') ?? 'generated'),
    baselineDir: dir(flag('baseline') ?? 'contract-baseline'),
  };
}

function loadModule(path: string, what: string): Record<string, unknown> {
  try {
    // The module is the caller's, named at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${what}: cannot load ${path} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

/** By shape, not instanceof: the module may have loaded its own copy of the schemas package. */
function registryExport(loaded: Record<string, unknown>, name: string, what: string): EventRegistry {
  const candidate = loaded[name] as Partial<EventRegistry> | undefined;
  if (typeof candidate?.topics !== 'function' || typeof candidate.find !== 'function') {
    throw new Error(`${what}: export "${name}" is not an EventRegistry (exports: ${Object.keys(loaded).join(', ') || 'none'})`);
  }
  return candidate as EventRegistry;
}

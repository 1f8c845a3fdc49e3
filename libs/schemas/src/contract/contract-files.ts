import { EventRegistry } from '../registry/event-registry';
import { AsyncApiInfo, buildAsyncApiDocument } from './asyncapi';
import { eventJsonSchema } from './json-schema';

/**
 * Every contract file of a registry, path (relative to the output folder) to content:
 * `json-schema/<type>.json` per event type and `asyncapi.json`. Written by
 * `npm run schemas:generate`; a unit spec fails when the committed files differ.
 */
export function renderContractFiles(registry: EventRegistry, info: AsyncApiInfo): Map<string, string> {
  const files = new Map<string, string>();
  for (const topic of registry.topics()) {
    for (const definition of topic.events) {
      files.set(`json-schema/${definition.type}.json`, render(eventJsonSchema(definition, topic.name)));
    }
  }
  files.set('asyncapi.json', render(buildAsyncApiDocument(registry, info)));
  return files;
}

function render(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

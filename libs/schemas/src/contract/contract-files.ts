import { TOPICS } from '../registry/topic-registry';
import { buildAsyncApiDocument } from './asyncapi';
import { eventJsonSchema } from './json-schema';

/** Version stamped into the AsyncAPI document; bump when the registry changes shape. */
export const CONTRACT_VERSION = '1.1.0';

/**
 * Every generated contract file, path (relative to `libs/schemas/generated/`) to content:
 * `json-schema/<type>.json` per event type and `asyncapi.json`. Written by
 * `npm run schemas:generate`; a unit spec fails when the committed files differ.
 */
export function renderContractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const topic of TOPICS) {
    for (const definition of topic.events) {
      files.set(`json-schema/${definition.type}.json`, render(eventJsonSchema(definition, topic.name)));
    }
  }
  files.set('asyncapi.json', render(buildAsyncApiDocument(CONTRACT_VERSION)));
  return files;
}

function render(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

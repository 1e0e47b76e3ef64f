import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@picus/core';
import { pathTemplatePattern, specOperations, type SpecOperation } from '@picus/testkit';
import { startInProcessPicus, type InProcessPicus } from './support/in-process-picus.js';

/**
 * Runs contracts/picus.http top to bottom the way VS Code's REST Client does (file variables,
 * `# @name` requests, `{{name.response.body.$.field}}` references), so the collection cannot rot
 * as the API changes. Each request's title states its expected status; the run checks it.
 */
interface HttpRequest {
  readonly title: string;
  readonly name?: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const collectionPath = fileURLToPath(new URL('../picus.http', import.meta.url));

function parseCollection(text: string): { variables: Record<string, string>; requests: HttpRequest[] } {
  const [preamble = '', ...blocks] = text.split(/^###/m);
  const variables = Object.fromEntries(
    [...preamble.matchAll(/^@(\w+)\s*=\s*(.+)$/gm)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()]),
  );
  const requests = blocks.map((block): HttpRequest => {
    const [titleLine = '', ...lines] = block.split('\n');
    const name = /^# @name (\w+)/m.exec(block)?.[1];
    const content = lines.filter((line) => !line.startsWith('#'));
    const start = content.findIndex((line) => /^[A-Z]+ /.test(line));
    const [method = '', url = ''] = (content[start] ?? '').split(' ');
    const rest = content.slice(start + 1);
    const blank = rest.findIndex((line) => line.trim() === '');
    const headerLines = blank === -1 ? rest : rest.slice(0, blank);
    const body =
      blank === -1
        ? ''
        : rest
            .slice(blank + 1)
            .join('\n')
            .trim();
    const headers = Object.fromEntries(headerLines.map((line) => line.split(/:\s*/, 2) as [string, string]));
    return { title: titleLine.trim(), method, url, headers, ...(name ? { name } : {}), ...(body ? { body } : {}) };
  });
  return { variables, requests };
}

let picus: InProcessPicus;
beforeAll(async () => {
  picus = await startInProcessPicus();
});
afterAll(() => picus?.stop());

describe('the HTTP request collection (picus.http)', () => {
  it('when run top to bottom, then every request answers the status its title states', async () => {
    const { variables, requests } = parseCollection(readFileSync(collectionPath, 'utf8'));
    variables.baseUrl = picus.baseUrl;
    const responses: Record<string, unknown> = {};
    const resolve = (text: string): string =>
      text.replace(/\{\{([^}]+)\}\}/g, (_whole, expression: string) => {
        const reference = /^(\w+)\.response\.body\.\$\.(\w+)$/.exec(expression);
        if (reference) return String((responses[reference[1] ?? ''] as Record<string, unknown> | undefined)?.[reference[2] ?? ''] ?? '');
        // REST Client's `{{$processEnv NAME}}`: the token, unset here (the in-process handlers take any).
        const environment = /^\$processEnv (\w+)$/.exec(expression);
        if (environment) return process.env[environment[1] ?? ''] ?? '';
        const variable = variables[expression];
        if (variable === undefined) throw new Error(`Unknown variable {{${expression}}} in picus.http`);
        return resolve(variable);
      });

    // Every operation of the spec has a request in the collection.
    const covered = (operation: SpecOperation) =>
      requests.some(
        (request) =>
          request.method === operation.method &&
          pathTemplatePattern(operation.path).test(request.url.replace(/^\{\{baseUrl\}\}/, '').split('?')[0] ?? ''),
      );
    expect(
      specOperations(openApiDocument)
        .filter((operation) => !covered(operation))
        .map((operation) => operation.operationId),
    ).toEqual([]);
    for (const request of requests) {
      const response = await fetch(resolve(request.url), {
        method: request.method,
        headers: request.headers,
        ...(request.body ? { body: resolve(request.body) } : {}),
      });
      const text = await response.text();
      const expected = /\b([1-5]\d\d)\b/.exec(request.title)?.[1];
      expect({ request: request.title, status: response.status }).toEqual({
        request: request.title,
        status: expected ? Number(expected) : expect.any(Number),
      });
      if (!expected) expect(response.ok, request.title).toBe(true);
      if (request.name) responses[request.name] = JSON.parse(text) as unknown;
    }
  });
});

// Checks a real Response against the operation the OpenAPI document describes: the status
// must be documented, the media type must match, the JSON body must validate against the
// schema (JSON Schema 2020-12, with ajv) and every required header must be present and valid.
import Ajv2020 from 'ajv/dist/2020';
import { expect } from 'vitest';

type Json = Record<string, unknown>;

const DOC_ID = 'openapi';

function pointerOf(segments: string[]): string {
  return `#/${segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  constructor(readonly doc: Json) {
    this.ajv.addSchema(doc, DOC_ID);
  }

  /** Follows a local $ref; returns the target and the path segments where it lives. */
  private resolve(node: Json, segments: string[]): { node: Json; segments: string[] } {
    const ref = node.$ref;
    if (typeof ref !== 'string') return { node, segments };
    const target = ref.slice(2).split('/');
    let current: unknown = this.doc;
    for (const key of target) current = (current as Json)[key.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (!current) throw new Error(`unresolved $ref ${ref}`);
    return this.resolve(current as Json, target);
  }

  private validate(segments: string[], value: unknown, what: string): void {
    const validate = this.ajv.getSchema(`${DOC_ID}${pointerOf(segments)}`);
    if (!validate) throw new Error(`no schema at ${pointerOf(segments)}`);
    const ok = validate(value);
    expect(ok, `${what}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`).toBe(true);
  }

  /** Asserts that `response` is one the document allows for `method pathTemplate`. */
  async check(method: string, pathTemplate: string, response: Response): Promise<void> {
    const what = `${method.toUpperCase()} ${pathTemplate} → ${response.status}`;
    const paths = this.doc.paths as Record<string, Json>;
    const operation = paths[pathTemplate]?.[method.toLowerCase()] as Json | undefined;
    expect(operation, `${what}: operation not documented`).toBeTruthy();
    const responses = operation!.responses as Record<string, Json>;
    const status = String(response.status);
    expect(Object.keys(responses), `${what}: status not documented`).toContain(status);
    const base = ['paths', pathTemplate, method.toLowerCase(), 'responses', status];
    const documented = this.resolve(responses[status]!, base);

    const headers = (documented.node.headers ?? {}) as Record<string, Json>;
    for (const [name, header] of Object.entries(headers)) {
      const resolved = this.resolve(header, [...documented.segments, 'headers', name]);
      const value = response.headers.get(name);
      if (resolved.node.required) expect(value, `${what}: header ${name}`).not.toBeNull();
      if (value !== null && resolved.node.schema) this.validate([...resolved.segments, 'schema'], value, `${what} header ${name}`);
    }

    const body = await response.text();
    const content = documented.node.content as Record<string, Json> | undefined;
    if (!content) {
      expect(body, `${what}: body where none is documented`).toBe('');
      return;
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    expect(Object.keys(content), `${what}: media type`).toContain(mediaType);
    if (mediaType === 'application/json') {
      this.validate([...documented.segments, 'content', mediaType, 'schema'], JSON.parse(body), what);
    }
  }
}

// Handlers that need no database: the OpenAPI document and the benchmark's baseline.
import { config } from '@/lib/config';
import { jsonResponse, jsonTextResponse } from './http';
import { openApiJson } from './openapi/document';
import { errorResponse, ApiError } from './errors';

export async function handleOpenApi(_request: Request): Promise<Response> {
  return jsonTextResponse(openApiJson(config.appOrigin));
}

const BASELINE_BODY = { status: 'ok', service: 'tsunagu', items: [1, 2, 3] };

/**
 * The benchmark's yardstick: fixed JSON from the same server in the same run, so every
 * scenario can be read as a ratio to the framework's own floor. Off unless BENCH_BASELINE=1.
 */
export async function handleBenchBaseline(_request: Request): Promise<Response> {
  if (!config.benchBaseline) return errorResponse(new ApiError('not_found'));
  return jsonResponse(BASELINE_BODY);
}

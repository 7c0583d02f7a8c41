import { handlePar } from '@/server/oauth/handlers';

export const dynamic = 'force-dynamic';
export const POST = handlePar;
// The handler refuses every other method with 405 (RFC 9126 §2.1: form POST only).
export const GET = handlePar;
export const PUT = handlePar;
export const PATCH = handlePar;
export const DELETE = handlePar;

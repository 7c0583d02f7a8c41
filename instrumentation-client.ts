// Runs in the browser before the app's own modules (Next.js instrumentation-client). zod 4
// compiles object parsers with `new Function` unless told not to, and even its probe for
// that is reported as a violation of the pages' CSP, which allows no eval in production by
// design (lib/csp.ts). The browser's forms parse without it; the server keeps compiled parsers.
import { z } from 'zod';

z.config({ jitless: true });

// `npm start`: the production server on PORT (default 3000). Migrations apply in
// instrumentation.ts when the server boots.
import { spawn } from 'node:child_process';

const port = process.env.PORT || '3000';
const env = { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' };
env.APP_ORIGIN ||= `http://localhost:${port}`;
const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', port], {
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
